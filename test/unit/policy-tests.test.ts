import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, generatePolicyTests, PolicyTestResult, runPolicyTests, runPolicyTestsIn, Workspace } from '../../server/src/core';
import { AddressSet, formatAddress } from '../../server/src/core/address-set';
import { parseCidr } from '../../server/src/core/cidr';
import { xmlEscape } from '../../server/src/cli/test';
import { cli, tempRoot, writeFiles } from '../helpers/cli';
import { deployment, docs, namespace, networkPolicy, service, workload } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

// A small cluster: shop (web → api), data (db accepts api from tier=front namespaces), tools (debug, unprotected).
const MANIFESTS = {
  'namespaces.yaml': docs(namespace('shop', { tier: 'front' }), namespace('data', { tier: 'data' }), namespace('tools')),
  'workloads.yaml': docs(
    deployment('shop', 'web', { app: 'web' }, ['http:8080']),
    deployment('shop', 'api', { app: 'api' }, ['http:8080', 'metrics:9090']),
    service('shop', 'api', { app: 'api' }, ['http:80->http']),
    workload('StatefulSet', 'data', 'db', { app: 'db' }, ['pg:5432']),
    workload('Pod', 'tools', 'debug', { app: 'debug' }),
  ),
  'policies.yaml': docs(
    networkPolicy('data', 'db-ingress', yaml`
      podSelector: {matchLabels: {app: db}}
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {tier: front}}
              podSelector: {matchLabels: {app: api}}
          ports: [{port: 5432}]
    `),
    networkPolicy('shop', 'web-egress', yaml`
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
        - to: [{podSelector: {matchLabels: {app: api}}}]
          ports: [{port: 8080}]
        - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
          ports: [{port: 443}]
    `),
    networkPolicy('shop', 'api-ingress', yaml`
      podSelector: {matchLabels: {app: api}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: http}]
    `),
  ),
};

const TEST_FILE = 'tests.netpol-test.yaml';

function workspaceWith(tests: string, extra: Record<string, string> = {}): Workspace {
  return workspaceOf({ ...MANIFESTS, ...extra, [TEST_FILE]: tests });
}

/** The results of the one test file. */
function run(tests: string, extra: Record<string, string> = {}): PolicyTestResult[] {
  const files = runPolicyTests(workspaceWith(tests, extra).model());
  assert.equal(files.length, 1);
  return files[0].results;
}

/** One case: `from`, `to` and the rest of the case as YAML lines. */
function one(body: string, extra: Record<string, string> = {}): PolicyTestResult {
  const results = run(`tests:\n  - ${body.trim().replace(/\n/g, '\n    ')}\n`, extra);
  assert.equal(results.length, 1);
  return results[0];
}

function passes(body: string): PolicyTestResult {
  const r = one(body);
  assert.equal(r.status, 'pass', `expected a pass, got: ${r.reason}`);
  return r;
}

function fails(body: string, reason: RegExp, extra: Record<string, string> = {}): PolicyTestResult {
  const r = one(body, extra);
  assert.equal(r.status, 'fail', `expected a failure, got ${r.status}: ${r.summary}`);
  assert.match(r.reason!, reason);
  return r;
}

describe('policy tests: workloads', () => {
  it('an allowed connection passes expect: allow, with the rules that allow it', () => {
    const r = passes('from: shop/web\nto: shop/api\nport: 8080\nexpect: allow');
    assert.match(r.summary, /shop\/Deployment\/web → shop\/Deployment\/api on TCP 8080 is allowed: egress allowed by shop\/web-egress egress\[0\]; ingress allowed by shop\/api-ingress ingress\[0\]/);
    assert.deepEqual(r.pairs, { checked: 1, failed: 0 });
  });

  it('a denied connection fails expect: allow, saying which isolation denied it on which side', () => {
    const r = fails(
      'name: web reaches the database\nfrom: shop/web\nto: data/db\nport: 5432\nexpect: allow',
      /^expected allow, but shop\/Deployment\/web → data\/StatefulSet\/db on TCP 5432 is denied: shop\/Deployment\/web is egress-isolated by policy shop\/web-egress and no egress rule allows it to reach data\/StatefulSet\/db on TCP 5432; and data\/StatefulSet\/db is ingress-isolated by policy data\/db-ingress and no ingress rule admits shop\/Deployment\/web on TCP 5432$/,
    );
    assert.equal(r.name, 'web reaches the database');
    assert.deepEqual(r.related.map((x) => x.message).sort(), [
      'data/db-ingress isolates ingress and no rule of it allows this',
      'shop/web-egress isolates egress and no rule of it allows this',
    ]);
  });

  it('expect: deny passes when denied and fails when allowed, naming the allowing rule', () => {
    passes('from: shop/web\nto: data/db\nport: 5432\nexpect: deny');
    fails(
      'from: shop/api\nto: data/db\nport: 5432\nexpect: deny',
      /^expected deny, but shop\/Deployment\/api → data\/StatefulSet\/db on TCP 5432 is allowed: no policy isolates shop\/Deployment\/api's egress; ingress allowed by data\/db-ingress ingress\[0\]$/,
    );
  });

  it('namespace/Kind/name picks the kind; a wrong or unknown kind is a failure with a suggestion', () => {
    passes('from: shop/Deployment/web\nto: shop/deployment/api\nport: 8080\nexpect: allow');
    fails('from: shop/StatefulSet/web\nto: shop/api\nexpect: deny', /^from: no StatefulSet shop\/StatefulSet\/web in the workspace$/);
    fails('from: shop/Deploymnt/web\nto: shop/api\nexpect: deny', /^from: unknown kind Deploymnt in shop\/Deploymnt\/web \(did you mean Deployment\?\)/);
  });

  it('an unknown workload or namespace fails with the nearest name', () => {
    fails('from: shop/wbe\nto: shop/api\nexpect: deny', /^from: no workload shop\/wbe in the workspace \(did you mean shop\/web\?\)$/);
    fails('from: shop/web\nto: dat/db\nexpect: deny', /^to: no workload dat\/db: namespace dat has no workloads in the workspace \(did you mean data\/db\?\)$/);
  });

  it('a name shared by two kinds is ambiguous until the kind is written', () => {
    const cron = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: web, namespace: shop}
      spec:
        jobTemplate:
          spec:
            template:
              metadata: {labels: {app: web-report}}
              spec: {containers: [{name: r}]}
    `;
    fails('from: shop/web\nto: shop/api\nport: 8080\nexpect: allow', /^from: shop\/web is ambiguous: CronJob\/web and Deployment\/web in shop; write shop\/CronJob\/web$/, { 'cron.yaml': cron });
    const r = one('from: shop/Deployment/web\nto: shop/api\nport: 8080\nexpect: allow', { 'cron.yaml': cron });
    assert.equal(r.status, 'pass');
  });
});

describe('policy tests: selectors, namespaces, Services', () => {
  it('a pod selector in a namespace checks every workload it selects', () => {
    const r = passes('from: {namespace: shop, podSelector: {matchLabels: {app: web}}}\nto: shop/api\nport: 8080\nexpect: allow');
    assert.deepEqual(r.pairs, { checked: 1, failed: 0 });
    const both = passes('from: {namespace: shop, podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}}\nto: data/db\nport: 5433\nexpect: deny');
    assert.deepEqual(both.pairs, { checked: 2, failed: 0 });
  });

  it('a selector that matches nothing fails the case, with the label it probably meant', () => {
    fails(
      'from: {namespace: shop, podSelector: {matchLabels: {app: wbe}}}\nto: shop/api\nexpect: deny',
      /^from: podSelector app=wbe matches no workload in namespace shop\. Did you mean app=web\?$/,
    );
    fails('from: {namespaceSelector: {matchLabels: {tier: frnt}}}\nto: data/db\nexpect: deny', /^from: namespaceSelector tier=frnt matches no namespace\. Did you mean tier=front\?$/);
  });

  it('a whole namespace: every pair must hold, and a failure says how many pairs broke it', () => {
    const r = fails('from: {namespace: shop}\nto: data/db\nport: 5432\nexpect: deny', /^expected deny, but shop\/Deployment\/api → data\/StatefulSet\/db on TCP 5432 is allowed: .* \(1 of 2 pairs fail\)$/);
    assert.deepEqual(r.pairs, { checked: 2, failed: 1 });
    fails('from: {namespace: nowhere}\nto: data/db\nexpect: deny', /^from: namespace nowhere has no workloads in the workspace$/);
  });

  it('a namespaceSelector picks namespaces by label (kubernetes.io/metadata.name included)', () => {
    const r = fails('from: {namespaceSelector: {matchLabels: {tier: front}}}\nto: {namespace: data}\nport: 5432\nexpect: deny', /1 of 2 pairs fail/);
    assert.deepEqual(r.pairs, { checked: 2, failed: 1 });
    passes('from: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tools}}}\nto: data/db\nport: 5432\nexpect: deny');
  });

  it('a Service destination translates its port to the pods\' target port', () => {
    const r = passes('from: shop/web\nto: shop/Service/api\nport: 80\nexpect: allow');
    assert.match(r.summary, /on TCP 8080 is allowed/);
    passes('from: shop/web\nto: shop/Service/api\nport: http\nexpect: allow');
    fails('from: shop/web\nto: shop/Service/api\nport: 8080\nexpect: allow', /^to: Service shop\/api has no port 8080\/TCP \(its ports: 80\/TCP \(http\) → http\)$/);
    fails('from: shop/web\nto: shop/Service/apy\nport: 80\nexpect: allow', /^to: no Service shop\/apy in the workspace \(did you mean shop\/Service\/api\?\)$/);
  });

  it('cluster DNS the workspace does not define is assumed, as the DNS rule assumes it', () => {
    passes('from: shop/api\nto: kube-system/coredns\nports: [{port: 53, protocol: UDP}, 53]\nexpect: allow');
    fails('from: shop/web\nto: {namespace: kube-system, podSelector: {matchLabels: {k8s-app: kube-dns}}}\nport: 53\nprotocol: UDP\nexpect: allow', /is egress-isolated by policy shop\/web-egress/);
  });
});

describe('policy tests: ports and protocols', () => {
  it('a named port resolves on the destination pods', () => {
    const r = passes('from: shop/web\nto: shop/api\nport: http\nexpect: allow');
    assert.match(r.summary, /on TCP 8080 is allowed/);
    fails('from: shop/api\nto: shop/web\nport: metrics\nexpect: deny', /^to: shop\/Deployment\/web declares no TCP container port named metrics; its named ports: http \(8080\/TCP\)$/);
    fails('from: shop/web\nto: {ip: 10.2.0.1}\nport: https\nexpect: allow', /^from: the named port https needs pods to resolve on/);
  });

  it('the protocol defaults to TCP; another protocol is another port', () => {
    passes('from: shop/web\nto: shop/api\nport: 8080\nexpect: allow');
    passes('from: shop/web\nto: shop/api\nport: 8080\nprotocol: UDP\nexpect: deny');
  });

  it('several ports: allow needs every one, deny needs none', () => {
    fails('from: shop/web\nto: shop/api\nports: [8080, 9090]\nexpect: allow', /^expected allow, but shop\/Deployment\/web → shop\/Deployment\/api on TCP 9090 is denied/);
    fails('from: shop/web\nto: shop/api\nports: [9090, 8080]\nexpect: deny', /on TCP 8080 is allowed/);
    passes('from: shop/web\nto: shop/api\nports: [{port: 9000, endPort: 9100}, {port: 8080, protocol: SCTP}]\nexpect: deny');
    fails('from: shop/web\nto: shop/api\nport: 9100\nendPort: 9000\nexpect: deny', /^to: endPort 9000 is below port 9100: the range is empty$/);
  });

  it('without a port: every port of the protocol', () => {
    fails('from: shop/web\nto: shop/api\nexpect: allow', /on TCP 9090 is denied/);
    passes('from: tools/debug\nto: shop/web\nexpect: allow');
    passes('from: shop/web\nto: tools/debug\nprotocol: UDP\nexpect: deny');
  });
});

describe('policy tests: addresses outside the cluster', () => {
  it('an ip is checked against ipBlock rules, except ranges included', () => {
    passes('from: shop/web\nto: {ip: 10.2.3.4}\nport: 443\nexpect: allow');
    passes('from: shop/web\nto: {ip: 10.1.2.3}\nport: 443\nexpect: deny');
    fails('from: shop/web\nto: {ip: 10.1.2.3}\nport: 443\nexpect: allow', /^expected allow, but shop\/Deployment\/web → 10\.1\.2\.3 on TCP 443 is denied: shop\/Deployment\/web is egress-isolated by policy shop\/web-egress/);
  });

  it('a cidr must be allowed everywhere for allow and nowhere for deny', () => {
    const r = fails('from: shop/web\nto: {cidr: 10.0.0.0/8}\nport: 443\nexpect: allow', /^expected allow, but shop\/Deployment\/web → 10\.1\.0\.0 on TCP 443 is denied/);
    assert.ok(r.related.length > 0);
    passes('from: shop/web\nto: {cidr: 10.1.0.0/16}\nport: 443\nexpect: deny');
    fails('from: shop/web\nto: {cidr: 0.0.0.0/0}\nport: 443\nexpect: deny', /^expected deny, but shop\/Deployment\/web → 10\.0\.0\.0 on TCP 443 is allowed: egress allowed by shop\/web-egress egress\[1\]$/);
    passes('from: shop/web\nto: {cidr: 0.0.0.0/0}\nport: 80\nexpect: deny');
    passes('from: tools/debug\nto: {cidr: 0.0.0.0/0}\nexpect: allow');
  });

  it('traffic from an address is checked against the destination\'s ingress', () => {
    passes('from: {ip: 203.0.113.9}\nto: data/db\nport: 5432\nexpect: deny');
    passes('from: {cidr: 203.0.113.0/24}\nto: shop/web\nport: 8080\nexpect: allow');
    fails('from: {cidr: 203.0.113.0/24}\nto: shop/api\nport: http\nexpect: allow', /^expected allow, but 203\.0\.113\.0 → shop\/Deployment\/api on TCP 8080 is denied: shop\/Deployment\/api is ingress-isolated by policy shop\/api-ingress/);
  });

  it('two addresses cannot be tested: NetworkPolicy decides traffic of pods', () => {
    fails('from: {ip: 10.0.0.1}\nto: {cidr: 10.0.0.0/8}\nexpect: deny', /both addresses outside the cluster/);
  });

  it('address sets: CIDRs, excepts, unions and samples', () => {
    const block = AddressSet.ofIpBlock('10.0.0.0/8', ['10.1.0.0/16', 'not-a-cidr']);
    assert.equal(AddressSet.ofCidr(parseCidr('10.1.0.0/16')!).intersect(block).isEmpty(), true);
    assert.equal(AddressSet.ofCidr(parseCidr('10.0.0.0/8')!).subtract(block).sample(), '10.1.0.0');
    assert.equal(AddressSet.ofCidr(parseCidr('10.0.0.1/8')!).sample(), '10.0.0.0');
    assert.equal(AddressSet.ofIpBlock('bogus', []).isEmpty(), true);
    assert.equal(AddressSet.ALL.subtract(AddressSet.ofCidr(parseCidr('0.0.0.0/0')!)).sample(), '::');
    assert.equal(formatAddress(6, (0x2001n << 112n) | (0xdb8n << 96n) | 1n), '2001:db8::1');
  });
});

describe('policy tests: files', () => {
  it('a test file is recognised by name and never read as manifests', () => {
    const ws = workspaceWith('tests: []\n', {
      'decoy.netpol-test.yml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: decoy, namespace: shop}\nspec: {podSelector: {}}\n',
    });
    const model = ws.model();
    assert.equal(model.policies.some((p) => p.name === 'decoy'), false);
    assert.ok(ws.file('decoy.netpol-test.yml')!.policyTests);
    assert.ok(ws.file('decoy.netpol-test.yml')!.findings.some((f) => f.code === 'schema' && /unknown field "apiVersion"/.test(f.message)));
  });

  it('malformed YAML is a finding, not a crash', () => {
    const ws = workspaceWith('tests:\n  - from: shop/web\n    to: [unclosed\n');
    assert.ok(ws.file(TEST_FILE)!.findings.some((f) => f.code === 'yaml-syntax'));
    assert.deepEqual(runPolicyTests(ws.model())[0].results, []);
  });

  it('schema problems point at the exact node; the case is invalid, not run, and not reported twice', () => {
    const text = 'tests:\n  - from: shop/web\n    to: shop/api\n    expected: allow\n  - from: shop/web\n    to: shop/api\n    expect: maybe\n  - from: shop/web\n    to: shop/api\n    port: 8080\n    expect: allow\n';
    const ws = workspaceWith(text);
    const schema = ws.file(TEST_FILE)!.findings.filter((f) => f.code === 'schema');
    const at = (i: number): string => text.slice(schema[i].span.start, schema[i].span.end);
    assert.deepEqual(
      schema.map((f) => f.message),
      ['tests[0]: unknown field "expected" (write expect: allow or expect: deny)', 'tests[1].expect must be one of allow, deny, not "maybe"'],
    );
    assert.equal(at(0), 'expected');
    assert.equal(at(1), 'maybe');
    const results = runPolicyTests(ws.model())[0].results;
    assert.deepEqual(results.map((r) => r.status), ['invalid', 'invalid', 'pass']);
    assert.match(results[0].reason!, /^invalid case: tests\[0\]: unknown field "expected"/);
    assert.deepEqual(analyze(ws.model()).filter((f) => f.code === 'policy-test-failed'), []);
  });

  it('endpoint and port shapes are validated', () => {
    const problems = (body: string): string[] =>
      workspaceWith(`tests:\n  - ${body.replace(/\n/g, '\n    ')}\n`).file(TEST_FILE)!.findings.map((f) => f.message);
    assert.deepEqual(problems('from: web\nto: shop/api\nexpect: deny'), ['tests[0].from: "web" must be namespace/name or namespace/Kind/name (e.g. shop/web, shop/StatefulSet/redis)']);
    assert.deepEqual(problems('from: {podSelector: {}}\nto: shop/api\nexpect: deny'), ['tests[0].from: an endpoint mapping needs namespace, namespaceSelector, cidr or ip']);
    assert.deepEqual(problems('from: {namespace: shop, ip: 10.0.0.1}\nto: shop/api\nexpect: deny'), ['tests[0].from: an address (cidr or ip) stands alone: remove the other fields']);
    assert.deepEqual(problems('from: shop/web\nto: {ip: 10.0.0.0/8}\nexpect: deny'), ['tests[0].to.ip: "10.0.0.0/8" is not an IP address: for a range of addresses use cidr']);
    assert.deepEqual(problems('from: shop/web\nto: shop/api\nport: "8080"\nexpect: deny'), [
      'tests[0].port: "8080" is not a port name (lowercase letters, digits and single hyphens); write a port number unquoted',
    ]);
    assert.deepEqual(problems('from: shop/web\nto: shop/api\nport: 80\nports: [81]\nexpect: deny'), ['tests[0]: use either port (with endPort, protocol) or ports, not both']);
    assert.deepEqual(problems('from: shop/web\nto: shop/api\nprotocol: tcp\nexpect: deny'), ['tests[0].protocol must be one of TCP, UDP, SCTP, not "tcp" (values are case-sensitive: write TCP)']);
    assert.deepEqual(problems('from: {namespace: shop, podSelector: {matchExpressions: [{key: app, operator: In}]}}\nto: shop/api\nexpect: deny'), [
      'tests[0].from.podSelector.matchExpressions[0]: In and NotIn need a non-empty values list',
    ]);
  });

  it('cases are numbered across documents; one file\'s results can be asked for alone', () => {
    const ws = workspaceWith('tests:\n  - {from: shop/web, to: shop/api, port: 8080, expect: allow}\n---\ntests:\n  - {from: shop/web, to: data/db, expect: perhaps}\n');
    const results = runPolicyTestsIn(ws.model(), TEST_FILE)!.results;
    assert.deepEqual(results.map((r) => [r.index, r.name, r.status]), [[0, 'shop/web → shop/api on TCP 8080', 'pass'], [1, 'case 2', 'invalid']]);
    assert.equal(runPolicyTestsIn(ws.model(), 'policies.yaml'), undefined);
  });

  it('an empty test file says how to write one', () => {
    const ws = workspaceWith('# nothing yet\n');
    assert.deepEqual(ws.file(TEST_FILE)!.findings.map((f) => f.message), ['This policy test file has no cases: list them under tests: (see schemas/netpol-test.schema.json).']);
  });
});

describe('policy tests: in the analysis', () => {
  const text = 'tests:\n  - name: web reaches the database\n    from: shop/web\n    to: data/db\n    port: 5432\n    expect: allow\n  - from: shop/web\n    to: shop/api\n    port: 8080\n    expect: allow\n';

  it('a failing case is a policy-test-failed error on the case, with the reason and related locations', () => {
    const ws = workspaceWith(text);
    const failed = analyze(ws.model()).filter((f) => f.code === 'policy-test-failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].severity, 'error');
    assert.equal(text.slice(failed[0].span.start, failed[0].span.end), 'web reaches the database');
    assert.match(failed[0].message, /^Policy test "web reaches the database" failed: expected allow, but shop\/Deployment\/web → data\/StatefulSet\/db on TCP 5432 is denied/);
    assert.deepEqual(failed[0].related!.map((r) => r.span.file).sort(), ['policies.yaml', 'policies.yaml']);
    assert.deepEqual(analyze(ws.model(), { severities: { 'policy-test-failed': 'off' } }).filter((f) => f.code === 'policy-test-failed'), []);
  });

  it('follows the policies live: editing a policy flips the verdict', () => {
    const ws = workspaceWith(text);
    assert.equal(runPolicyTests(ws.model())[0].results[0].status, 'fail');
    const opened = MANIFESTS['policies.yaml']
      .replace('podSelector: {matchLabels: {app: api}}\n      ports: [{port: 5432}]', 'podSelector: {matchLabels: {app: api}}\n        - namespaceSelector: {matchLabels: {tier: front}}\n          podSelector: {matchLabels: {app: web}}\n      ports: [{port: 5432}]')
      .replace("- to: [{podSelector: {matchLabels: {app: api}}}]", "- to: [{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}]")
      .replace('ports: [{port: 8080}]', 'ports: [{port: 8080}, {port: 5432}]');
    assert.notEqual(opened, MANIFESTS['policies.yaml']);
    ws.setFile('policies.yaml', opened);
    assert.deepEqual(runPolicyTests(ws.model())[0].results.map((r) => r.status), ['pass', 'pass']);
  });
});

describe('policy tests: generation', () => {
  it('snapshots today\'s reachability into a test file whose every case passes (round trip)', () => {
    const ws = workspaceOf(MANIFESTS);
    const generated = generatePolicyTests(ws.model());
    assert.match(generated, /^# netpol-lens policy tests\n/);
    assert.match(generated, /- name: "shop\/web reaches shop\/api on TCP 8080"\n {4}from: shop\/web\n {4}to: shop\/api\n {4}port: 8080\n {4}expect: allow/);
    assert.match(generated, /from: shop\/web\n {4}to: data\/db\n {4}expect: deny/);
    ws.setFile('generated.netpol-test.yaml', generated);
    assert.deepEqual(ws.file('generated.netpol-test.yaml')!.findings, []);
    const results = runPolicyTests(ws.model())[0].results;
    assert.equal(results.length, 4, generated);
    assert.deepEqual(results.filter((r) => r.status !== 'pass').map((r) => `${r.name}: ${r.reason}`), []);
    assert.ok(results.some((r) => r.expect === 'deny'));
  });

  it('round-trips on the bundled examples too', () => {
    const root = path.join(__dirname, '..', '..', 'examples');
    const ws = new Workspace();
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) && !/netpol-test/.test(e.name) ? [path.join(dir, e.name)] : []));
    for (const f of walk(root)) ws.setFile(f, fs.readFileSync(f, 'utf8'));
    ws.setFile('generated.netpol-test.yaml', generatePolicyTests(ws.model()));
    const results = runPolicyTests(ws.model())[0].results;
    assert.ok(results.length > 10);
    assert.deepEqual(results.filter((r) => r.status !== 'pass').map((r) => `${r.name}: ${r.reason}`), []);
  });

  it('with no isolated workload there is nothing to pin, and the file still validates', () => {
    const ws = workspaceOf({ 'w.yaml': MANIFESTS['workloads.yaml'] });
    const generated = generatePolicyTests(ws.model());
    assert.match(generated, /tests: \[\] # no workload is isolated/);
    ws.setFile('g.netpol-test.yaml', generated);
    assert.deepEqual(ws.file('g.netpol-test.yaml')!.findings, []);
  });
});

describe('netpol-lens test (CLI)', () => {
  const tmp = tempRoot('netpol-test-', 'each');
  let dir: string;
  beforeEach(() => {
    dir = writeFiles(tmp.root, MANIFESTS);
  });

  it('prints one line per case and N passed, N failed; exits 1 on a failure', () => {
    fs.writeFileSync(
      path.join(dir, TEST_FILE),
      'tests:\n  - name: web reaches api\n    from: shop/web\n    to: shop/api\n    port: 8080\n    expect: allow\n  - name: web reaches db\n    from: shop/web\n    to: data/db\n    port: 5432\n    expect: allow\n',
    );
    const { code, out } = cli(['test', dir]);
    const lines = out.trimEnd().split('\n');
    assert.equal(code, 1);
    assert.equal(lines[1], '  ✓ web reaches api');
    assert.match(lines[2], /^ {2}✗ web reaches db \(line 7\): expected allow, but shop\/Deployment\/web → data\/StatefulSet\/db on TCP 5432 is denied: /);
    assert.equal(lines[lines.length - 1], '1 passed, 1 failed');
  });

  it('exits 0 when every case passes, 2 when there is no test file or a bad option', () => {
    fs.writeFileSync(path.join(dir, 'a.netpol-test.yml'), 'tests:\n  - {from: shop/web, to: shop/api, port: 8080, expect: allow}\n');
    const ok = cli(['test', dir]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /\n1 passed, 0 failed\n$/);
    fs.rmSync(path.join(dir, 'a.netpol-test.yml'));
    const none = cli(['test', dir]);
    assert.equal(none.code, 2);
    assert.match(none.err, /no policy tests under/);
    assert.equal(cli(['test', dir, '--junit']).code, 2);
    assert.equal(cli(['test', '--generate', '--junit', 'x.xml', dir]).code, 2);
  });

  it('an invalid case and an unreadable file count as failures', () => {
    fs.writeFileSync(path.join(dir, 'a.netpol-test.yaml'), 'tests:\n  - {from: shop/web, to: shop/api, expect: perhaps}\n');
    fs.writeFileSync(path.join(dir, 'b.netpol-test.yaml'), 'tests: [\n');
    const { code, out } = cli(['test', dir]);
    assert.equal(code, 1);
    assert.match(out, /✗ case 1 \(line 2\): invalid case: tests\[0\]\.expect must be one of allow, deny, not "perhaps"/);
    assert.match(out, /b\.netpol-test\.yaml:\d+:\d+: /);
    assert.match(out, /\n0 passed, 2 failed\n$/);
  });

  it('--junit writes well-formed JUnit XML: a testsuite per file, a testcase per case, failures with messages', () => {
    fs.writeFileSync(
      path.join(dir, TEST_FILE),
      'tests:\n  - name: web reaches api <&"\'>\n    from: shop/web\n    to: shop/api\n    port: 8080\n    expect: allow\n  - name: web reaches db\n    from: shop/web\n    to: data/db\n    port: 5432\n    expect: allow\n',
    );
    fs.writeFileSync(path.join(dir, 'broken.netpol-test.yaml'), 'tests: [\n');
    const junit = path.join(dir, 'out', 'junit.xml');
    fs.mkdirSync(path.dirname(junit));
    assert.equal(cli(['test', dir, '--junit', junit]).code, 1);
    const xml = fs.readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="netpol-lens policy tests" tests="3" failures="1" errors="1">/);
    assert.equal(xml.match(/<testsuite /g)!.length, 2);
    assert.equal(xml.match(/<testcase /g)!.length, 3);
    assert.match(xml, /name="web reaches api &lt;&amp;&quot;&apos;&gt;"[^>]*\/>/);
    assert.match(xml, /<testcase [^>]*name="web reaches db"[^>]*><failure message="expected allow, but [^"]*" type="policy-test-failed">/);
    assert.match(xml, /<error message="[^"]*" type="test-file">/);
  });

  it('--generate prints a test file that passes on the same manifests', () => {
    const { code, out } = cli(['test', '--generate', dir]);
    assert.equal(code, 0);
    fs.writeFileSync(path.join(dir, 'generated.netpol-test.yaml'), out);
    const rerun = cli(['test', dir]);
    assert.equal(rerun.code, 0, rerun.out);
    assert.match(rerun.out, / passed, 0 failed\n$/);
  });

  it('xmlEscape drops characters XML forbids', () => {
    assert.equal(xmlEscape('a\u0001b<c>&"\''), 'ab&lt;c&gt;&amp;&quot;&apos;');
  });
});

/** A strict check of the XML we write: one root, balanced tags, quoted attributes, escaped text, known entities. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let consumed = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    consumed = token.lastIndex;
    const [, closing, name, attrs, selfClosing, text] = m;
    const checkEntities = (s: string): void => assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, `bare & in ${s}`);
    if (text !== undefined) {
      if (stack.length === 0) assert.match(text, /^\s*$/, 'text outside the root');
      assert.doesNotMatch(text, />/, 'unescaped > in text');
      checkEntities(text);
      continue;
    }
    checkEntities(attrs ?? '');
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  assert.equal(consumed, body.length, `unparsable XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
}

describe('policy tests: robustness', () => {
  // Any YAML value in any position: a finding or a result, never an exception.
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { maxDepth: 4 },
      fc.constantFrom('shop/web', 'data/db', 'shop/Service/api', 'x/y/z/w', '', 'allow', 'deny', 'TCP', 'http', '10.0.0.0/8', '::1', 'yes', '~', '0755'),
      fc.integer({ min: -5, max: 70000 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('any'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('namespace', 'namespaceSelector', 'podSelector', 'matchLabels', 'matchExpressions', 'cidr', 'ip', 'port', 'endPort', 'protocol', 'key', 'operator', 'values', 'app'), tie('any'), { maxKeys: 3 }),
    ),
  })).any;
  const field = fc.constantFrom('name', 'from', 'to', 'port', 'ports', 'endPort', 'protocol', 'expect', 'extra');

  it('random cases never throw, in reading, checking or the analysis', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(field, value, { maxKeys: 6 }), { maxLength: 4 }), (cases) => {
        const ws = workspaceWith(JSON.stringify({ tests: cases }));
        const results = runPolicyTests(ws.model())[0].results;
        for (const r of results) assert.ok(['pass', 'fail', 'invalid'].includes(r.status));
        analyze(ws.model());
      }),
      { numRuns: 300 },
    );
  });

  it('random NetworkPolicy specs never throw through schema validation', () => {
    const specField = fc.constantFrom('podSelector', 'policyTypes', 'ingress', 'egress', 'from', 'ports', 'ipBlock');
    fc.assert(
      fc.property(fc.dictionary(specField, value, { maxKeys: 4 }), (spec) => {
        const text = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec });
        const ws = workspaceOf({ 'p.yaml': text });
        for (const f of ws.file('p.yaml')!.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length, f.message);
      }),
      { numRuns: 300 },
    );
  });
});
