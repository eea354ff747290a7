// Builds a core Workspace from inline YAML, for unit tests.
import { AnalysisOptions, DEFAULT_OPTIONS, Workspace } from '../../server/src/core';

export function workspaceOf(files: Record<string, string>, options: Partial<AnalysisOptions> = {}): Workspace {
  const ws = new Workspace({ ...DEFAULT_OPTIONS, ...options });
  for (const [name, text] of Object.entries(files)) ws.setFile(name, text);
  return ws;
}

/** Removes the common leading indentation of a template literal, so YAML can be written indented in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
