// `netpol-lens check`: every finding, as compiler-style text, JSON or SARIF 2.1.0.
import { allCodes, analyze, docsUrl, Finding, LineIndex, RuleSettings, Severity } from '../core';
import { applySuppressions } from '../core/suppressions';
import { displayPath, Loaded } from './load';

export type CheckFormat = 'text' | 'json' | 'sarif';

export interface LocatedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** 1-based positions; the end column is exclusive (the column after the last character). */
export function locate(findings: readonly Finding[], texts: Map<string, string>): LocatedFinding[] {
  const indexes = new Map<string, LineIndex>();
  return findings.map((f) => {
    let index = indexes.get(f.span.file);
    if (!index) {
      index = new LineIndex(texts.get(f.span.file) ?? '');
      indexes.set(f.span.file, index);
    }
    const start = index.position(f.span.start);
    const end = index.position(f.span.end);
    return {
      file: displayPath(f.span.file),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: f.severity,
      code: f.code,
      message: f.message,
    };
  });
}

export function runCheck(loaded: Loaded, format: CheckFormat, settings: RuleSettings, version: string): { output: string; exitCode: number } {
  const findings = applySuppressions(analyze(loaded.workspace.model(), settings), (file) => loaded.texts.get(file));
  const located = locate(findings, loaded.texts);
  const exitCode = findings.some((f) => f.severity === 'error') ? 1 : 0;
  switch (format) {
    case 'json':
      return { output: JSON.stringify({ diagnostics: located }, null, 2) + '\n', exitCode };
    case 'sarif':
      return { output: JSON.stringify(toSarif(located, version), null, 2) + '\n', exitCode };
    default:
      return { output: toText(located, loaded.texts.size), exitCode };
  }
}

function toText(located: LocatedFinding[], fileCount: number): string {
  const lines = located.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`);
  const count = (s: Severity): number => located.filter((f) => f.severity === s).length;
  // Hints are counted apart from info (each line says its own severity); said only when there are some.
  const hints = count('hint') ? `, ${count('hint')} hint(s)` : '';
  const summary = `${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info${hints}.`;
  return [...lines, summary].join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function toSarif(located: LocatedFinding[], version: string): unknown {
  const codes = allCodes();
  const ruleIndex = new Map(codes.map((c, i) => [c.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netpol-lens',
            fullName: 'NetworkPolicy Lens',
            version,
            informationUri: 'https://github.com/netpol-lens/netpol-lens',
            rules: codes.map((c) => ({
              id: c.id,
              name: c.id.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
              shortDescription: { text: c.title },
              helpUri: docsUrl(c.id),
              help: { text: `${c.title}. See ${docsUrl(c.id)}`, markdown: `**${c.title}**. See [${c.id}](${docsUrl(c.id)}).` },
              defaultConfiguration: { level: SARIF_LEVEL[c.defaultSeverity] },
              properties: { tags: ['kubernetes', 'networkpolicy', c.kind] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: located.map((f) => ({
          ruleId: f.code,
          ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
