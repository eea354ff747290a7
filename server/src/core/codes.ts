// Every diagnostic code the core can emit, for SARIF rule lists, settings and docs links: the rule catalogue plus
// the problems found while reading files.
import { RULES } from './rules';
import type { Severity } from './types';

export interface CodeInfo {
  id: string;
  title: string;
  defaultSeverity: Severity;
  kind: 'rule' | 'problem';
}

export const PROBLEM_CODES: readonly CodeInfo[] = [
  { id: 'yaml-syntax', title: 'YAML syntax error', defaultSeverity: 'error', kind: 'problem' },
  { id: 'yaml-too-complex', title: 'Document too complex (alias expansion or nesting depth)', defaultSeverity: 'error', kind: 'problem' },
  { id: 'helm-template', title: 'Template not analysed', defaultSeverity: 'info', kind: 'problem' },
  { id: 'file-skipped', title: 'File not analysed', defaultSeverity: 'info', kind: 'problem' },
  { id: 'deprecated-api', title: 'Removed NetworkPolicy API version', defaultSeverity: 'warning', kind: 'problem' },
  { id: 'invalid-field', title: 'Invalid field value', defaultSeverity: 'error', kind: 'problem' },
  { id: 'invalid-label', title: 'Invalid label', defaultSeverity: 'error', kind: 'problem' },
  { id: 'invalid-selector', title: 'Invalid label selector', defaultSeverity: 'error', kind: 'problem' },
  { id: 'invalid-protocol', title: 'Unknown protocol', defaultSeverity: 'error', kind: 'problem' },
  { id: 'invalid-port', title: 'Invalid port', defaultSeverity: 'error', kind: 'problem' },
  { id: 'invalid-peer', title: 'Invalid peer', defaultSeverity: 'error', kind: 'problem' },
  { id: 'schema', title: 'Does not match the JSON schema (unknown field, wrong type)', defaultSeverity: 'error', kind: 'problem' },
];

export function allCodes(): CodeInfo[] {
  return [
    ...RULES.map((r) => ({ id: r.id, title: r.title, defaultSeverity: r.defaultSeverity, kind: 'rule' as const })),
    ...PROBLEM_CODES,
  ];
}

export const DOCS_BASE_URL = 'https://github.com/netpol-lens/netpol-lens/blob/main/docs/rules/';

export function docsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}
