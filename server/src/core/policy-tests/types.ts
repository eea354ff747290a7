// Policy tests: reachability expectations written next to the manifests (`*.netpol-test.yaml`), read into cases and
// checked against the workspace model. These are the parsed cases and their results; reading is in read.ts,
// checking in evaluate.ts.
import type { LabelSelector, Protocol, RelatedInfo, Span } from '../types';

/** A file name that holds policy tests rather than manifests. */
export const POLICY_TEST_FILE = /\.netpol-test\.ya?ml$/i;

export function isPolicyTestFile(file: string): boolean {
  return POLICY_TEST_FILE.test(file);
}

/** One side of a case, as written. */
export type EndpointRef =
  /** `ns/name` or `ns/Kind/name` (Kind may be Service). */
  | { kind: 'workload'; namespace: string; workloadKind?: string; name: string }
  /** `{namespace}` with an optional podSelector. */
  | { kind: 'namespace'; namespace: string; podSelector?: LabelSelector }
  /** `{namespaceSelector}` with an optional podSelector. */
  | { kind: 'namespaces'; namespaceSelector: LabelSelector; podSelector?: LabelSelector }
  /** `{cidr}` or `{ip}`: addresses outside the cluster. */
  | { kind: 'address'; text: string; single: boolean };

export interface TestPort {
  /** Undefined: every port of the protocol. A string is a named port (or a Service port's name). */
  port?: number | string;
  endPort?: number;
  protocol: Protocol;
  span: Span;
}

export type Expectation = 'allow' | 'deny';

export interface PolicyTestCase {
  file: string;
  index: number;
  /** As written, or `<from> → <to> <ports>`. */
  name: string;
  /** The whole case item. */
  span: Span;
  /** Where a finding about the case points: the name's value, else the case's first key. */
  headSpan: Span;
  from: EndpointRef;
  fromSpan: Span;
  to: EndpointRef;
  toSpan: Span;
  /** At least one entry (the default is every TCP port). */
  ports: TestPort[];
  /** `port:`/`ports:` when written. */
  portsSpan?: Span;
  expect: Expectation;
  expectSpan: Span;
}

/** A case the schema rejected: not run, reported as failed with the schema's words. */
export interface InvalidTestCase {
  file: string;
  index: number;
  name: string;
  span: Span;
  headSpan: Span;
  problems: string[];
}

/** What a test file holds, kept in the file's FileObjects. */
export interface PolicyTestFile {
  cases: PolicyTestCase[];
  invalid: InvalidTestCase[];
}

export type TestStatus = 'pass' | 'fail' | 'invalid';

export interface PolicyTestResult {
  file: string;
  index: number;
  name: string;
  status: TestStatus;
  expect?: Expectation;
  /**
   * One line on what was found, pass or fail: "allowed: egress by dmz/web egress[0], ingress by app/orders
   * ingress[0]" (the hover shows it).
   */
  summary: string;
  /** Why the case failed or could not run. */
  reason?: string;
  spans: { case: Span; head: Span; from?: Span; to?: Span; ports?: Span; expect?: Span };
  /** The rules and policies behind the verdict, for related information. */
  related: RelatedInfo[];
  /** Source-destination pairs checked, and how many of them broke the expectation. */
  pairs: { checked: number; failed: number };
}

export interface PolicyTestFileResult {
  file: string;
  results: PolicyTestResult[];
}
