// Policy tests (`*.netpol-test.yaml`): reading, checking, verdicts in words, and generating from today's reachability.
export * from './types';
export { readPolicyTestFile, endpointText, portsText, POLICY_TEST_SCHEMA } from './read';
export { runPolicyTests, runPolicyTestsIn, runPolicyTest, endpointLabel } from './evaluate';
export { resolvePolicyTestCase } from './case-detail';
export type { PolicyTestCaseDetail, ResolvedPort, ResolvedSide } from './case-detail';
export { generatePolicyTests } from './generate';
export type { GenerateOptions } from './generate';
export { describeVerdict, describeDirection, describeAddressVerdict, verdictRelated, ruleLabel } from './verdict-text';
export { policyTestFailed } from './rule';
