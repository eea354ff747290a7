// A policy test file's text → cases. The file is parsed as YAML 1.1 like every manifest, validated against
// schemas/netpol-test.schema.json (findings on the exact node, code `schema`), and every case the schema accepts
// becomes a PolicyTestCase; a case it rejects is kept as invalid so that test runs count it as failed.
import { isScalar } from 'yaml';
import testSchema from '../../../../schemas/netpol-test.schema.json';
import { parseYamlFile } from '../parse';
import { CompiledSchema, LocatedValue, locatedValue, SchemaProblem, toFinding } from '../schema-validation';
import { formatSelector } from '../selector';
import type { AnalysisOptions, FileObjects, LabelSelector, Protocol, SelectorOperator, Span } from '../types';
import { AstReader, BudgetExceeded } from '../yaml-ast';
import type { EndpointRef, InvalidTestCase, PolicyTestCase, PolicyTestFile, TestPort } from './types';

/** Unknown fields that are usually a known field under another name. */
function testHints(definition: string | undefined, field: string): string | undefined {
  if (definition === 'TestCase') {
    if (field === 'expected' || field === 'expectation' || field === 'result') return 'write expect: allow or expect: deny';
    if (field === 'source') return 'the source is from';
    if (field === 'destination' || field === 'target') return 'the destination is to';
  }
  if (definition === 'Endpoint' && (field === 'matchLabels' || field === 'matchExpressions')) return `${field} belongs under podSelector or namespaceSelector`;
  if (definition === 'Endpoint' && (field === 'name' || field === 'workload')) return 'write a workload as a string: namespace/name';
  if (definition === undefined && field !== 'tests') return 'cases are listed under tests:';
  return undefined;
}

export const POLICY_TEST_SCHEMA = new CompiledSchema(testSchema as Record<string, unknown>, testHints);

/** Reads a policy test file: no manifests, only cases (and the file's parse and schema findings). */
export function readPolicyTestFile(file: string, text: string, options: Pick<AnalysisOptions, 'maxFileSize'>): FileObjects {
  const parsed = parseYamlFile(file, text, options);
  const tests: PolicyTestFile = { cases: [], invalid: [] };
  const out: FileObjects = { file, namespaces: [], workloads: [], services: [], policies: [], findings: parsed.findings, policyTests: tests };
  const documents = parsed.documents.filter(({ doc }) => !(doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)));
  if (documents.length === 0 && parsed.findings.length === 0) {
    out.findings.push({
      code: 'schema',
      severity: 'error',
      message: 'This policy test file has no cases: list them under tests: (see schemas/netpol-test.schema.json).',
      span: { file, start: 0, end: 0 },
    });
  }
  for (const { doc, start } of documents) {
    // A document with YAML errors is said to be broken once, by the parser; its half-read cases are not checked.
    if (doc.errors.length > 0) continue;
    const reader = new AstReader(file, doc);
    try {
      const located = locatedValue(reader, doc.contents);
      const problems = POLICY_TEST_SCHEMA.validate(located);
      out.findings.push(...problems.map(toFinding));
      readCases(file, located, problems, tests);
    } catch (err) {
      if (!(err instanceof BudgetExceeded) && !(err instanceof RangeError)) throw err;
      out.findings.push({
        code: 'yaml-too-complex',
        severity: 'error',
        message: 'This document expands to too many nodes through aliases, or nests too deeply; it is not read.',
        span: { file, start, end: start },
      });
    }
  }
  return out;
}

function readCases(file: string, located: LocatedValue, problems: readonly SchemaProblem[], tests: PolicyTestFile): void {
  const root = located.value as { tests?: unknown } | null;
  if (!root || typeof root !== 'object' || !Array.isArray(root.tests)) return;
  const loc = (pointer: string): Span => located.locations.get(pointer)?.span ?? { file, start: 0, end: 0 };
  // Cases are numbered across the file's documents.
  const base = tests.cases.length + tests.invalid.length;
  root.tests.forEach((raw, i) => {
    const index = base + i;
    const pointer = `/tests/${i}`;
    const at = located.locations.get(pointer);
    if (!at) return;
    const item = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const headSpan = located.locations.get(`${pointer}/name`)?.span ?? at.firstKeySpan ?? at.span;
    const givenName = typeof item.name === 'string' ? item.name : undefined;
    const own = problems.filter((p) => p.pointer === pointer || p.pointer.startsWith(`${pointer}/`));
    if (own.length > 0) {
      const invalid: InvalidTestCase = {
        file,
        index,
        name: givenName ?? `case ${index + 1}`,
        span: at.span,
        headSpan,
        problems: own.map((p) => p.message),
      };
      tests.invalid.push(invalid);
      return;
    }
    const protocol = (item.protocol as Protocol | undefined) ?? 'TCP';
    const ports: TestPort[] = [];
    const portsSpan = located.locations.get(`${pointer}/ports`)?.keySpan ?? located.locations.get(`${pointer}/port`)?.keySpan;
    if (Array.isArray(item.ports)) {
      item.ports.forEach((entry, i) => {
        const span = loc(`${pointer}/ports/${i}`);
        if (entry && typeof entry === 'object') {
          const e = entry as { port?: number | string; endPort?: number; protocol?: Protocol };
          ports.push({ port: e.port, endPort: e.endPort, protocol: e.protocol ?? protocol, span });
        } else {
          ports.push({ port: entry as number | string, protocol, span });
        }
      });
    } else {
      const span = located.locations.get(`${pointer}/port`)?.span ?? located.locations.get(`${pointer}/protocol`)?.span ?? headSpan;
      ports.push({ port: item.port as number | string | undefined, endPort: item.endPort as number | undefined, protocol, span });
    }
    const from = endpointRef(item.from, `${pointer}/from`, located);
    const to = endpointRef(item.to, `${pointer}/to`, located);
    const testCase: PolicyTestCase = {
      file,
      index,
      name: givenName ?? `${endpointText(from)} → ${endpointText(to)} on ${portsText(ports)}`,
      span: at.span,
      headSpan,
      from,
      fromSpan: loc(`${pointer}/from`),
      to,
      toSpan: loc(`${pointer}/to`),
      ports,
      portsSpan,
      expect: item.expect as 'allow' | 'deny',
      expectSpan: loc(`${pointer}/expect`),
    };
    tests.cases.push(testCase);
  });
}

function endpointRef(raw: unknown, pointer: string, located: LocatedValue): EndpointRef {
  if (typeof raw === 'string') {
    const parts = raw.split('/');
    return parts.length === 3
      ? { kind: 'workload', namespace: parts[0], workloadKind: parts[1], name: parts[2] }
      : { kind: 'workload', namespace: parts[0], name: parts[1] };
  }
  const e = raw as { namespace?: string; namespaceSelector?: unknown; podSelector?: unknown; cidr?: string; ip?: string };
  if (e.cidr !== undefined) return { kind: 'address', text: e.cidr, single: false };
  if (e.ip !== undefined) return { kind: 'address', text: e.ip, single: true };
  const podSelector = e.podSelector !== undefined ? selector(e.podSelector, `${pointer}/podSelector`, located) : undefined;
  if (e.namespace !== undefined) return { kind: 'namespace', namespace: e.namespace, podSelector };
  return { kind: 'namespaces', namespaceSelector: selector(e.namespaceSelector, `${pointer}/namespaceSelector`, located), podSelector };
}

function selector(raw: unknown, pointer: string, located: LocatedValue): LabelSelector {
  const s = (raw ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: SelectorOperator; values?: string[] }[] };
  const span = located.locations.get(pointer)?.span ?? { file: '', start: 0, end: 0 };
  return {
    matchLabels: { ...(s.matchLabels ?? {}) },
    matchExpressions: (s.matchExpressions ?? []).map((r, i) => ({
      key: r.key,
      operator: r.operator,
      values: r.values ?? [],
      span: located.locations.get(`${pointer}/matchExpressions/${i}`)?.span ?? span,
    })),
    span,
    labelSpans: [],
    valid: true,
  };
}

/** An endpoint as reports name it: `dmz/web`, `pods app=web in dmz`, `namespaces tier=app`, `0.0.0.0/0`. */
export function endpointText(ref: EndpointRef): string {
  switch (ref.kind) {
    case 'workload':
      return ref.workloadKind ? `${ref.namespace}/${ref.workloadKind}/${ref.name}` : `${ref.namespace}/${ref.name}`;
    case 'namespace':
      return ref.podSelector ? `pods ${formatSelector(ref.podSelector)} in ${ref.namespace}` : `namespace ${ref.namespace}`;
    case 'namespaces':
      return ref.podSelector
        ? `pods ${formatSelector(ref.podSelector)} in namespaces ${formatSelector(ref.namespaceSelector)}`
        : `namespaces ${formatSelector(ref.namespaceSelector)}`;
    case 'address':
      return ref.text;
  }
}

/** `TCP 8080`, `UDP 53, TCP 53`, `TCP 8000-8100`, `TCP http`, `every TCP port`. */
export function portsText(ports: readonly TestPort[]): string {
  return ports
    .map((p) => {
      if (p.port === undefined) return `every ${p.protocol} port`;
      if (p.endPort !== undefined && p.endPort !== p.port) return `${p.protocol} ${p.port}-${p.endPort}`;
      return `${p.protocol} ${p.port}`;
    })
    .join(', ');
}
