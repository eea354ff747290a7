// Text → YAML documents, with every way a file can be unreadable turned into a finding instead of an exception:
// binary files, huge files, Helm/Go templates, syntax errors, parser stack exhaustion.
import { Alias, Composer, CST, Document, isAlias, Lexer, Parser, visit } from 'yaml';
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

/** True when the text holds nothing but template actions, comments and blank space (linear: indexOf, no backtracking). */
function onlyTemplateActions(source: string): boolean {
  let rest = '';
  for (let i = 0; ; ) {
    const open = source.indexOf('{{', i);
    const close = open < 0 ? -1 : source.indexOf('}}', open + 2);
    if (close < 0) {
      rest += source.slice(i);
      break;
    }
    rest += source.slice(i, open);
    i = close + 2;
  }
  return rest.split('\n').every((line) => {
    const t = line.trim();
    return t === '' || t.startsWith('#') || t.startsWith('---') || t === '...';
  });
}

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
  let tooDeep: number[];
  try {
    ({ docs, tooDeep } = parseDocuments(text));
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
  // The parser reports one error per nesting level of an unclosed bracket: a file of 100,000 `[` gave ~800 copies of
  // the same message at the same place. Identical problems are reported once, and a file at most MAX_YAML_PROBLEMS.
  const seen = new Set<string>();
  let dropped = 0;
  const problem = (severity: 'error' | 'warning', message: string, start: number, end: number): void => {
    // "Nested too deeply" comes once per unwound level, each at its own place: once per file says it all.
    const key = message === TOO_DEEP ? TOO_DEEP : `${severity}\u0000${message}\u0000${start}\u0000${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > MAX_YAML_PROBLEMS) {
      dropped++;
      return;
    }
    // Errors at the end of input are reported one past it; a span must stay inside the text.
    findings.push({ code: 'yaml-syntax', severity, message, span: spanAt(file, Math.min(start, text.length), Math.min(end, text.length)) });
  };
  for (const at of tooDeep) {
    findings.push({
      code: 'yaml-too-complex',
      severity: 'error',
      message: `This document nests more than ${MAX_NESTING} levels deep; it is not analysed.`,
      span: spanAt(file, at, Math.min(at + 1, text.length)),
    });
  }
  let templateNoted = false;
  for (const doc of docs) {
    const [start, , end] = doc.range;
    const source = text.slice(start, end);
    const template = TEMPLATE_ACTION.exec(source);
    if (template) {
      // The `{{- end }}` of a range or an if that spans a `---` is the same template as the document before it.
      if (templateNoted && onlyTemplateActions(source)) continue;
      templateNoted = true;
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
    for (const err of doc.errors) problem('error', firstLine(err.message), err.pos[0], err.pos[1]);
    for (const warn of doc.warnings) problem('warning', firstLine(warn.message), warn.pos[0], warn.pos[1]);
    // The yaml library only notices an alias without an anchor when converting to JS, which we never do; Kubernetes'
    // reader rejects the document ("unknown anchor"). Unchecked, the alias silently read as an absent field.
    if (source.includes('*')) {
      for (const alias of unanchoredAliases(doc)) {
        const [from, to] = alias.range ?? [start, start];
        problem('error', `The alias *${alias.source} has no anchor &${alias.source} before it; Kubernetes rejects this document.`, from, to);
      }
    }
    documents.push({ doc, start, end });
  }
  if (dropped > 0) {
    findings.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `${dropped} more YAML problems in this file are not shown.`,
      span: spanAt(file, 0, 0),
    });
  }
  return { file, documents, findings };
}

/**
 * Documents nesting deeper than this are not composed. The yaml library composes recursively and overflows the stack
 * at ~800 levels; when the overflow lands inside V8's regular-expression compiler the process dies ("RegExpCompiler
 * Allocation failed - process out of memory"), which no try/catch stops: one file would kill the language server.
 * Manifests, CRD schemas included, nest well under 100 levels.
 */
export const MAX_NESTING = 200;

/**
 * parseAllDocuments, with the documents nested deeper than MAX_NESTING dropped before composing. Lexing and parsing
 * to a CST are iterative (an explicit stack), so the depth is measured safely on the way. Tokens stream into the
 * composer one document at a time, as in parseAllDocuments (collecting them all first was 45% slower).
 */
function parseDocuments(text: string): { docs: Document.Parsed[]; tooDeep: number[] } {
  const tooDeep: number[] = [];
  // YAML 1.1, as Kubernetes reads manifests (sigs.k8s.io/yaml over go-yaml v2): `yes` is a boolean, `0755` octal.
  // uniqueKeys: Kubernetes keeps the last duplicate silently; we want to say so.
  const composer = new Composer({ version: '1.1', uniqueKeys: true });
  return { docs: [...composer.compose(shallowTokens(text, tooDeep))] as Document.Parsed[], tooDeep };
}

/** The top-level CST tokens of `text`, without the documents nesting deeper than MAX_NESTING (their offsets go to `tooDeep`). */
function* shallowTokens(text: string, tooDeep: number[]): Generator<CST.Token> {
  const parser = new Parser();
  const deep = new Set<CST.Token>();
  let dropped = false;
  const keep = (token: CST.Token): boolean => {
    if (deep.has(token)) {
      dropped = true;
      return false;
    }
    // A dropped document's `...` end marker would otherwise read as a marker without a document.
    if (dropped && token.type === 'doc-end') {
      dropped = false;
      return false;
    }
    dropped = false;
    return true;
  };
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) if (keep(token)) yield token;
    if (parser.stack.length > MAX_NESTING && !deep.has(parser.stack[0])) {
      deep.add(parser.stack[0]);
      tooDeep.push(parser.offset);
    }
  }
  for (const token of parser.end()) if (keep(token)) yield token;
}

/** Aliases naming no anchor defined before them in the document. */
function unanchoredAliases(doc: Document.Parsed): Alias[] {
  const anchors = new Set<string>();
  const missing: Alias[] = [];
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) missing.push(node);
      } else if (node.anchor) anchors.add(node.anchor);
    },
  });
  return missing;
}

const MAX_YAML_PROBLEMS = 50;
const TOO_DEEP = 'The YAML is nested too deeply to read.';

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  // The parser reports its own stack overflow as an error at the deepest node; say what it means for the user.
  if (line.startsWith('Maximum call stack size exceeded')) return TOO_DEEP;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
