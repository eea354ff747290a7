// Text → YAML documents, with every way a file can be unreadable turned into a finding instead of an exception:
// binary files, huge files, Helm/Go templates, syntax errors, parser stack exhaustion.
import { Document, parseAllDocuments } from 'yaml';
import type { AnalysisOptions, Finding, Span } from './types';

export interface ParsedDocument {
  doc: Document.Parsed;
  /** The document's text range in the file. */
  start: number;
  end: number;
}

export interface ParsedFile {
  file: string;
  documents: ParsedDocument[];
  findings: Finding[];
}

// Go template actions as Helm writes them: {{ .Values.x }}, {{- include "x" . }}, {{/* a comment */}}.
const TEMPLATE_ACTION = /\{\{-?\s*(?:[.$("/]|[A-Za-z_]+\b)/;

function spanAt(file: string, start: number, end: number): Span {
  return { file, start, end: Math.max(end, start) };
}

/** True when the text looks binary: a NUL in the first 8 KiB. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export function parseYamlFile(file: string, text: string, options: Pick<AnalysisOptions, 'maxFileSize'>): ParsedFile {
  const findings: Finding[] = [];
  if (looksBinary(text)) {
    findings.push({
      code: 'file-skipped',
      severity: 'info',
      message: 'This file looks binary (it contains NUL characters); NetworkPolicy Lens does not analyse it.',
      span: spanAt(file, 0, 0),
    });
    return { file, documents: [], findings };
  }
  if (text.length > options.maxFileSize) {
    findings.push({
      code: 'file-skipped',
      severity: 'info',
      message:
        `This file is ${(text.length / 1048576).toFixed(1)} MB, over the ${(options.maxFileSize / 1048576).toFixed(0)} MB limit ` +
        '(setting netpolLens.maxFileSizeMB); it is not analysed.',
      span: spanAt(file, 0, 0),
    });
    return { file, documents: [], findings };
  }

  let docs: Document.Parsed[];
  try {
    // YAML 1.1, as Kubernetes reads manifests (sigs.k8s.io/yaml over go-yaml v2): `yes` is a boolean, `0755` octal.
    // uniqueKeys: Kubernetes keeps the last duplicate silently; we want to say so.
    docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = []; // an EmptyStream
  } catch (err) {
    findings.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `The YAML parser gave up on this file: ${(err as Error).message}`,
      span: spanAt(file, 0, 0),
    });
    return { file, documents: [], findings };
  }

  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    const [start, , end] = doc.range;
    const source = text.slice(start, end);
    const template = TEMPLATE_ACTION.exec(source);
    if (template) {
      const at = start + template.index;
      findings.push({
        code: 'helm-template',
        severity: 'info',
        message:
          'This document contains Go/Helm template actions ({{ … }}) and is not analysed. ' +
          'Point NetworkPolicy Lens at rendered manifests (helm template … > rendered.yaml).',
        span: spanAt(file, at, at + template[0].length),
      });
      continue;
    }
    for (const err of doc.errors) {
      findings.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: firstLine(err.message),
        span: spanAt(file, err.pos[0], err.pos[1]),
      });
    }
    for (const warn of doc.warnings) {
      findings.push({
        code: 'yaml-syntax',
        severity: 'warning',
        message: firstLine(warn.message),
        span: spanAt(file, warn.pos[0], warn.pos[1]),
      });
    }
    documents.push({ doc, start, end });
  }
  return { file, documents, findings };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
