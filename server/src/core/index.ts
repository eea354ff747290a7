// The analysis core's public surface. Pure: no vscode, no LSP; the server, the CLI and the tests import this.
export * from './types';
export * from './model';
export * from './reach';
export * from './reach-diff';
export * from './external-access';
export * from './ports';
export * from './selector';
export * from './analyze';
export * from './positions';
export * from './dns';
export { extractFile } from './extract';
export { parseYamlFile } from './parse';
export { RULES, ruleById } from './rules';
export type { Rule, RuleContext, Engine } from './rules/rule';
export { ENGINES } from './rules/rule';
export * from './codes';
export * from './policy-tests';
