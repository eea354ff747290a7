// Helpers for rule tests: run the whole catalogue on inline YAML and keep one rule's findings.
import { analyze, Finding, RuleSettings } from '../../../server/src/core';
import { workspaceOf } from '../../helpers/workspace';

export { yaml } from '../../helpers/workspace';
export { deployment, docs, namespace, service } from '../../helpers/manifests';

/** Findings of rule `id` for the given files (the whole catalogue runs, as in the CLI). */
export function findings(id: string, files: Record<string, string>, settings: RuleSettings = {}): Finding[] {
  return analyze(workspaceOf(files).model(), settings).filter((f) => f.code === id);
}

/** The text a finding's span covers. */
export function spanText(f: Finding, files: Record<string, string>): string {
  return files[f.span.file].slice(f.span.start, f.span.end);
}

/** The 1-based line a finding starts on. */
export function lineOf(f: Finding, files: Record<string, string>): number {
  return files[f.span.file].slice(0, f.span.start).split('\n').length;
}
