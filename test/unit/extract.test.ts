// Manifests → model objects: every workload kind, labels, ports, namespaces, Lists, YAML 1.1 and aliases, which API
// groups count, policy types, rules, peers, ports and selectors as the API server reads (or rejects) them.
import assert from 'node:assert/strict';
import { AnalysisOptions, DEFAULT_OPTIONS, extractFile, FileObjects, Reachability } from '../../server/src/core';
import { workspaceOf, yaml } from '../helpers/workspace';

const extract = (text: string, options: Partial<AnalysisOptions> = {}): FileObjects =>
  extractFile('f.yaml', text, { ...DEFAULT_OPTIONS, ...options });
const codes = (o: FileObjects): string[] => o.findings.map((f) => f.code);
const at = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

const podSpec = `
    spec:
      containers:
      - name: app
        ports:
        - {containerPort: 8080, name: http}`;

describe('extract: workloads', () => {
  const kinds: [string, string, string][] = [
    ['Deployment', 'apps/v1', 'template'],
    ['StatefulSet', 'apps/v1', 'template'],
    ['DaemonSet', 'apps/v1', 'template'],
    ['ReplicaSet', 'apps/v1', 'template'],
    ['ReplicationController', 'v1', 'template'],
    ['Job', 'batch/v1', 'template'],
  ];
  for (const [kind, apiVersion] of kinds) {
    it(`${kind} (${apiVersion}): pod template labels and ports, not the object's own labels`, () => {
      const text = `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: w
  namespace: shop
  labels: {owner: team-a}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web, tier: fe}${podSpec.replace(/\n {4}/g, '\n    ')}
`;
      const out = extract(text);
      assert.deepEqual(out.findings, []);
      assert.equal(out.workloads.length, 1);
      const w = out.workloads[0];
      assert.equal(w.kind, kind);
      assert.equal(w.id, `shop/${kind}/w`);
      assert.deepEqual(w.labels, { app: 'web', tier: 'fe' });
      assert.deepEqual(w.ports.map((p) => [p.container, p.name, p.port, p.protocol]), [['app', 'http', 8080, 'TCP']]);
      assert.equal(at(text, w.labelsSpan!), '{app: web, tier: fe}');
    });
  }

  it('Pod: its own metadata labels', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p, labels: {app: solo}}
      spec:
        containers: [{name: c}]
    `);
    assert.deepEqual(out.workloads.map((w) => [w.id, w.labels]), [['default/Pod/p', { app: 'solo' }]]);
  });

  it('CronJob: spec.jobTemplate.spec.template, not the jobTemplate metadata', () => {
    const out = extract(yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: cj, labels: {meta: x}}
      spec:
        schedule: "*/5 * * * *"
        jobTemplate:
          metadata: {labels: {jt: y}}
          spec:
            template:
              metadata: {labels: {app: cron}}
              spec:
                containers: [{name: c, ports: [{containerPort: 9000}]}]
    `);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads.map((w) => [w.id, w.labels, w.ports.map((p) => p.port)]), [['default/CronJob/cj', { app: 'cron' }, [9000]]]);
  });

  it('older API groups of workloads are read (extensions/v1beta1, apps/v1beta2, batch/v1beta1)', () => {
    const out = extract(yaml`
      apiVersion: extensions/v1beta1
      kind: Deployment
      metadata: {name: a}
      spec: {template: {metadata: {labels: {app: a}}}}
      ---
      apiVersion: apps/v1beta2
      kind: StatefulSet
      metadata: {name: b}
      spec: {template: {metadata: {labels: {app: b}}}}
      ---
      apiVersion: batch/v1beta1
      kind: CronJob
      metadata: {name: c}
      spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: c}}}}}}
    `);
    assert.deepEqual(out.workloads.map((w) => w.id), ['default/Deployment/a', 'default/StatefulSet/b', 'default/CronJob/c']);
  });

  it('a workload without template labels has none; one without containers has no ports', () => {
    const out = extract('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bare}\nspec: {}\n');
    assert.deepEqual(out.workloads.map((w) => [w.labels, w.ports]), [[{}, []]]);
  });

  it('container ports: protocol defaults to TCP, names kept, every container, ports without a number skipped', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: dns
          ports:
          - {containerPort: 53, protocol: UDP, name: dns}
          - {containerPort: 53, name: dns-tcp}
          - {name: no-number}
        - name: sctp
          ports:
          - {containerPort: 9999, protocol: SCTP}
    `);
    assert.deepEqual(
      out.workloads[0].ports.map((p) => [p.container, p.name, p.port, p.protocol]),
      [
        ['dns', 'dns', 53, 'UDP'],
        ['dns', 'dns-tcp', 53, 'TCP'],
        ['sctp', undefined, 9999, 'SCTP'],
      ],
    );
  });

  it('init containers serve only as sidecars (restartPolicy: Always)', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
        - name: migrate
          ports: [{containerPort: 1111}]
        - name: proxy
          restartPolicy: Always
          ports: [{containerPort: 15001, name: proxy}]
        containers:
        - name: app
          ports: [{containerPort: 8080}]
    `);
    assert.deepEqual(out.workloads[0].ports.map((p) => [p.container, p.port]), [['app', 8080], ['proxy', 15001]]);
  });

  it('hostNetwork: true is recorded; absent or false is not', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: host}
      spec: {hostNetwork: true}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: off}
      spec: {hostNetwork: false}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: unset}
    `);
    assert.deepEqual(out.workloads.map((w) => [w.name, w.hostNetwork]), [['host', true], ['off', false], ['unset', false]]);
  });

  it('spans: name, kind and label keys/values point at their text', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            labels:
              app: web-app
    `;
    const w = extract(text).workloads[0];
    assert.equal(at(text, w.nameSpan), 'web');
    assert.equal(at(text, w.kindSpan), 'Deployment');
    assert.equal(at(text, w.labelSpans[0].keySpan), 'app');
    assert.equal(at(text, w.labelSpans[0].valueSpan), 'web-app');
    assert.equal(w.span.start, 0);
  });
});

describe('extract: namespaces', () => {
  it('objects without metadata.namespace get defaultNamespace; an explicit one overrides it', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: b, namespace: payments}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: p}
      spec: {podSelector: {}}
    `;
    const out = extract(text, { defaultNamespace: 'team-a' });
    assert.deepEqual(out.workloads.map((w) => [w.id, w.namespaceExplicit]), [['team-a/Pod/a', false], ['payments/Pod/b', true]]);
    assert.deepEqual(out.policies.map((p) => [p.id, p.namespace, p.namespaceExplicit]), [['team-a/p', 'team-a', false]]);
    assert.equal(extract(text).workloads[0].id, 'default/Pod/a', 'the default defaultNamespace is "default"');
  });

  it('a Namespace object: its name and labels; it has no namespace of its own', () => {
    const text = yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: payments
        namespace: ignored
        labels: {team: pay, env: prod}
    `;
    const out = extract(text);
    assert.deepEqual(out.namespaces.map((n) => [n.name, n.namespace, n.labels]), [['payments', 'payments', { team: 'pay', env: 'prod' }]]);
  });

  it('the model: declared labels plus kubernetes.io/metadata.name (which cannot be overridden); namespaces merely used exist too', () => {
    const model = workspaceOf({
      'ns.yaml': yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: web, kubernetes.io/metadata.name: spoofed}}
      `,
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: undeclared}\n',
    }).model();
    assert.deepEqual(model.namespaceLabels('shop'), { team: 'web', 'kubernetes.io/metadata.name': 'shop' });
    assert.deepEqual(model.namespaceLabels('undeclared'), { 'kubernetes.io/metadata.name': 'undeclared' });
    assert.ok(model.namespaces.has('kube-system'), 'every cluster has kube-system');
    assert.ok(model.namespaces.has('undeclared'));
    assert.equal(model.hasNamespaceDecls(), true);
  });

  it('the same workload in two files: the first in path order stands, whatever the order files were opened in', () => {
    const a = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {from: a}}\n';
    const b = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {from: b}}\n';
    for (const files of [{ 'a.yaml': a, 'b.yaml': b }, { 'b.yaml': b, 'a.yaml': a }]) {
      const model = workspaceOf(files).model();
      assert.equal(model.workloads.length, 1);
      assert.deepEqual(model.workload('default/Pod/p')!.labels, { from: 'a' });
    }
  });
});

describe('extract: documents, Lists, comments, anchors and merge keys', () => {
  it('kind: List items are objects of their own (nested Lists too), with their own namespaces', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x}
      - apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: x}
        spec: {podSelector: {}}
      - apiVersion: v1
        kind: PodList
        items:
        - {apiVersion: v1, kind: Pod, metadata: {name: b}}
    `);
    assert.deepEqual(out.workloads.map((w) => w.id), ['x/Pod/a', 'default/Pod/b']);
    assert.deepEqual(out.policies.map((p) => p.id), ['x/p']);
  });

  it('multi-document files with comments everywhere', () => {
    const out = extract(yaml`
      # leading comment
      ---
      apiVersion: v1 # trailing comment
      kind: Pod
      metadata:
        # inside
        name: a
      ---
      # a document of only a comment
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: b}
      ...
    `);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads.map((w) => w.name), ['a', 'b']);
  });

  it('anchors and aliases: labels, containers and rules may be shared', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: a, labels: &labels {app: web}}
        spec: {containers: &containers [{name: c, ports: [{containerPort: 80, name: http}]}]}
      - apiVersion: v1
        kind: Pod
        metadata: {name: b, labels: *labels}
        spec: {containers: *containers}
    `);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads.map((w) => [w.name, w.labels, w.ports.map((p) => p.name)]), [
      ['a', { app: 'web' }, ['http']],
      ['b', { app: 'web' }, ['http']],
    ]);
  });

  it('<< merge keys: merged first, own keys override; with a list, earlier mappings win', () => {
    const out = extract(yaml`
      base: &base {app: web, tier: fe, team: a}
      extra: &extra {team: b, env: prod}
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata:
          name: one
          labels:
            <<: *base
            tier: be
      - apiVersion: v1
        kind: Pod
        metadata:
          name: two
          labels:
            <<: [*base, *extra]
    `);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads.map((w) => w.labels), [
      { app: 'web', tier: 'be', team: 'a' },
      { app: 'web', tier: 'fe', team: 'a', env: 'prod' },
    ]);
  });

  it('a quoted "<<" key is an ordinary key, not a merge', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        labels:
          "<<": x
    `);
    assert.ok(codes(out).includes('invalid-label'));
    assert.deepEqual(out.workloads[0].labels, { '<<': 'x' });
  });
});

describe('extract: YAML 1.1 scalars, as kubectl reads them', () => {
  for (const value of ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'True', '1', '1.0', '0755', '0x1F', '~']) {
    const expected = value === '~' ? 'none' : 'invalid-label';
    it(`a label value written ${value} is ${expected === 'none' ? 'null (an empty value)' : 'not a string: invalid-label'}`, () => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: ${value}\n`;
      const out = extract(text);
      if (expected === 'none') {
        assert.deepEqual(out.findings, []);
        assert.deepEqual(out.workloads[0].labels, { app: '' });
      } else {
        assert.deepEqual(codes(out), ['invalid-label'], value);
        const f = out.findings[0];
        assert.equal(at(text, f.span), value);
        assert.match(f.message, /Quote it/);
        assert.deepEqual(out.workloads[0].labels, { app: value }, 'read as written');
      }
    });
  }

  it('quoted, the same values are strings', () => {
    const out = extract('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: "yes", b: \'0755\', c: "1.0"}\n');
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads[0].labels, { a: 'yes', b: '0755', c: '1.0' });
  });

  it('label keys and values are checked as the API server checks them', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        labels:
          app.kubernetes.io/name: ok
          Example.com/x: bad-prefix
          -leading: x
          fine: "trailing-"
          long: ${'a'.repeat(64)}
          empty: ""
    `;
    const out = extract(text);
    assert.deepEqual(out.findings.map((f) => [f.code, at(text, f.span)]), [
      ['invalid-label', 'Example.com/x'],
      ['invalid-label', '-leading'],
      ['invalid-label', '"trailing-"'],
      ['invalid-label', 'a'.repeat(64)],
    ]);
  });
});

describe('extract: which objects count', () => {
  it('Calico projectcalico.org/v3 NetworkPolicy and Knative serving.knative.dev/v1 Service are ignored, silently', () => {
    const out = extract(yaml`
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: calico}
      spec: {selector: all()}
      ---
      apiVersion: crd.projectcalico.org/v1
      kind: NetworkPolicy
      metadata: {name: calico-crd}
      ---
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata: {name: knative}
      spec: {template: {metadata: {labels: {app: kn}}}}
      ---
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: cilium}
    `);
    assert.deepEqual(out.findings, []);
    assert.equal(out.policies.length + out.services.length + out.workloads.length, 0);
  });

  it('extensions/v1beta1 NetworkPolicy: deprecated-api at the apiVersion, not analysed', () => {
    const text = yaml`
      apiVersion: extensions/v1beta1
      kind: NetworkPolicy
      metadata: {name: old}
      spec: {podSelector: {}}
    `;
    const out = extract(text);
    assert.deepEqual(codes(out), ['deprecated-api']);
    assert.equal(out.findings[0].severity, 'warning');
    assert.equal(at(text, out.findings[0].span), 'extensions/v1beta1');
    assert.equal(out.policies.length, 0);
  });

  it('a NetworkPolicy without apiVersion is not guessed to be networking.k8s.io/v1, and says so', () => {
    const text = 'kind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n';
    const out = extract(text);
    assert.equal(out.policies.length, 0);
    assert.deepEqual(out.findings.map((f) => [f.code, f.severity, at(text, f.span)]), [['invalid-field', 'error', 'NetworkPolicy']]);
    assert.match(out.findings[0].message, /no apiVersion.*networking\.k8s\.io\/v1/);
  });

  it('a NetworkPolicy in a Kubernetes group that has none (apps/v1, v1, networking.k8s.io/v1beta1) is an error at the apiVersion, not analysed', () => {
    for (const apiVersion of ['apps/v1', 'v1', 'networking.k8s.io/v1beta1', 'policy/v1']) {
      const text = `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{}]\n`;
      const out = extract(text);
      assert.equal(out.policies.length, 0, apiVersion);
      assert.deepEqual(out.findings.map((f) => [f.code, f.severity, at(text, f.span)]), [['invalid-field', 'error', apiVersion]], apiVersion);
      assert.match(out.findings[0].message, new RegExp(`no NetworkPolicy in ${apiVersion.replace(/[./]/g, '\\$&')}.*use apiVersion: networking\\.k8s\\.io/v1`));
    }
  });

  it('Services: selector, ports with targetPort defaulting to port, named target ports, protocols', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        type: NodePort
        selector: {app: web}
        ports:
        - {port: 80}
        - {port: 443, targetPort: https, name: tls}
        - {port: 53, targetPort: 5353, protocol: UDP}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: external}
      spec:
        type: ExternalName
        externalName: example.com
    `);
    assert.deepEqual(out.findings, []);
    const [web, external] = out.services;
    assert.equal(web.id, 'shop/Service/web');
    assert.equal(web.type, 'NodePort');
    assert.deepEqual(web.selector, { app: 'web' });
    assert.deepEqual(web.ports.map((p) => [p.name, p.port, p.targetPort, p.protocol]), [
      [undefined, 80, 80, 'TCP'],
      ['tls', 443, 'https', 'TCP'],
      [undefined, 53, 5353, 'UDP'],
    ]);
    assert.equal(external.selector, undefined, 'no selector');
    assert.equal(external.type, 'ExternalName');
  });
});

const policy = (spec: string, meta = '{name: p, namespace: shop}'): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${meta}\nspec:\n${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;

describe('extract: NetworkPolicy policy types', () => {
  const types = (spec: string) => {
    const p = extract(policy(spec)).policies[0];
    return [p.affectsIngress, p.affectsEgress];
  };

  it('absent: Ingress always; Egress iff spec.egress has at least one rule', () => {
    assert.deepEqual(types('podSelector: {}'), [true, false]);
    assert.deepEqual(types('podSelector: {}\ningress: []'), [true, false]);
    assert.deepEqual(types('podSelector: {}\negress: []'), [true, false], 'an empty egress list is no rule');
    assert.deepEqual(types('podSelector: {}\negress:'), [true, false], 'a null egress is absent');
    assert.deepEqual(types('podSelector: {}\negress: [{}]'), [true, true]);
    assert.deepEqual(types('podSelector: {}\negress:\n-'), [true, true], 'a null rule is a rule');
  });

  it('policyTypes: [] is defaulted exactly like an absent field', () => {
    assert.deepEqual(types('podSelector: {}\npolicyTypes: []'), [true, false]);
    assert.deepEqual(types('podSelector: {}\npolicyTypes: []\negress: [{}]'), [true, true]);
  });

  it('explicit policyTypes are taken as written, whatever rules are present', () => {
    assert.deepEqual(types('podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]'), [false, true]);
    assert.deepEqual(types('podSelector: {}\npolicyTypes: [Ingress]\negress: [{}]'), [true, false]);
    assert.deepEqual(types('podSelector: {}\npolicyTypes: [Ingress, Egress]'), [true, true]);
    assert.deepEqual(types('podSelector: {}\npolicyTypes: [Egress, Ingress]\negress: []'), [true, true]);
  });

  it('declaredPolicyTypes and its span', () => {
    const text = policy('podSelector: {}\npolicyTypes: [Egress]');
    const p = extract(text).policies[0];
    assert.deepEqual(p.declaredPolicyTypes, ['Egress']);
    assert.equal(at(text, p.policyTypesSpan!), '[Egress]');
    assert.equal(extract(policy('podSelector: {}')).policies[0].declaredPolicyTypes, undefined);
  });

  it('an unknown or miscased policy type is invalid-field (with the case fix named)', () => {
    const out = extract(policy('podSelector: {}\npolicyTypes: [ingress, Both]'));
    assert.deepEqual(codes(out), ['invalid-field', 'invalid-field']);
    assert.match(out.findings[0].message, /write Ingress/);
    assert.doesNotMatch(out.findings[1].message, /write/);
  });

  it('policyTypes that is not a list is invalid-field', () => {
    assert.deepEqual(codes(extract(policy('podSelector: {}\npolicyTypes: Ingress'))), ['invalid-field']);
  });
});

describe('extract: NetworkPolicy rules', () => {
  const rules = (spec: string) => extract(policy(spec)).policies[0];

  it('absent, null and empty ingress/egress', () => {
    assert.equal(rules('podSelector: {}').ingress, undefined);
    assert.equal(rules('podSelector: {}\ningress:').ingress, undefined, 'null is absent');
    assert.deepEqual(rules('podSelector: {}\ningress: []').ingress, []);
    assert.equal(rules('podSelector: {}').egress, undefined);
  });

  it('a null rule ("-" with nothing after it) is an empty rule: no from, no ports', () => {
    const p = rules('podSelector: {}\ningress:\n-\n- from: []');
    assert.equal(p.ingress!.length, 2);
    assert.equal(p.ingress![0].peers, undefined);
    assert.equal(p.ingress![0].ports, undefined);
    assert.deepEqual(p.ingress![1].peers, []);
  });

  it('absent vs empty from/to and ports are kept apart (both mean "all", but rules and fixes need to know)', () => {
    const p = rules('podSelector: {}\ningress:\n- from: []\n  ports: []\n- from:\n  ports:\negress:\n- to: []\n- {}');
    assert.deepEqual([p.ingress![0].peers, p.ingress![0].ports], [[], []]);
    assert.deepEqual([p.ingress![1].peers, p.ingress![1].ports], [undefined, undefined]);
    assert.deepEqual(p.egress![0].peers, []);
    assert.equal(p.egress![1].peers, undefined);
    assert.equal(p.ingress![0].direction, 'ingress');
    assert.equal(p.egress![1].direction, 'egress');
    assert.equal(p.egress![1].index, 1);
  });

  it('a rules field that is not a list is invalid-field and has no rules', () => {
    const out = extract(policy('podSelector: {}\ningress: {from: []}'));
    assert.deepEqual(codes(out), ['invalid-field']);
    assert.deepEqual(out.policies[0].ingress, []);
  });

  it('spans of rules, from and ports', () => {
    const text = policy('podSelector: {}\ningress:\n- from:\n  - podSelector: {}\n  ports:\n  - port: 80');
    const rule = extract(text).policies[0].ingress![0];
    assert.ok(at(text, rule.span).startsWith('from:'));
    assert.ok(at(text, rule.peersSpan!).startsWith('from:'));
    assert.ok(at(text, rule.portsSpan!).startsWith('ports:'));
  });
});

describe('extract: NetworkPolicy peers', () => {
  const peers = (list: string) => {
    const out = extract(policy(`podSelector: {}\ningress:\n- from:\n${list.replace(/^/gm, '  ')}`));
    return { out, peers: out.policies[0].ingress![0].peers! };
  };

  it('podSelector, namespaceSelector, both (one peer: AND) and ipBlock', () => {
    const { out, peers: ps } = peers('- podSelector: {matchLabels: {a: b}}\n- namespaceSelector: {}\n- podSelector: {}\n  namespaceSelector: {matchLabels: {t: u}}\n- ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}');
    assert.deepEqual(out.findings, []);
    assert.deepEqual(ps.map((p) => [!!p.podSelector, !!p.namespaceSelector, !!p.ipBlock]), [
      [true, false, false],
      [false, true, false],
      [true, true, false],
      [false, false, true],
    ]);
    assert.deepEqual(ps[3].ipBlock!.cidr, '10.0.0.0/8');
    assert.deepEqual(ps[3].ipBlock!.except, ['10.1.0.0/16']);
  });

  it('a null selector is an absent selector (a nil pointer), {} is the empty selector', () => {
    const { peers: ps } = peers('- podSelector:\n  namespaceSelector: {}');
    assert.equal(ps[0].podSelector, undefined);
    assert.ok(ps[0].namespaceSelector);
  });

  it('ipBlock together with a selector: invalid-peer', () => {
    const { out } = peers('- ipBlock: {cidr: 10.0.0.0/8}\n  podSelector: {}');
    assert.deepEqual(codes(out), ['invalid-peer']);
  });

  it('an empty peer {} and a null peer match no pod', () => {
    const ws = workspaceOf({
      'p.yaml': policy('podSelector: {}\ningress:\n- from:\n  - {}\n  -'),
      'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n',
    });
    const model = ws.model();
    const reach = new Reachability(model);
    const pod = model.workloads[0];
    assert.deepEqual(model.policies[0].ingress![0].peers!.map((p) => [p.podSelector, p.namespaceSelector, p.ipBlock]), [
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
    ]);
    assert.ok(reach.allowed(pod, pod).isEmpty(), 'the rule admits nobody');
  });
});

describe('extract: NetworkPolicy ports', () => {
  const ports = (list: string) => {
    const text = policy(`podSelector: {}\ningress:\n- ports:\n${list.replace(/^/gm, '  ')}`);
    const out = extract(text);
    return { text, out, ports: out.policies[0].ingress![0].ports! };
  };

  it('numbers, names, protocols (default TCP), port ranges, protocol-only entries', () => {
    const { out, ports: ps } = ports('- port: 80\n- {port: http, protocol: UDP}\n- {port: 8000, endPort: 8080, protocol: SCTP}\n- protocol: UDP\n- {}');
    assert.deepEqual(out.findings, []);
    assert.deepEqual(ps.map((p) => [p.port, p.endPort, p.protocol, p.protocolValid]), [
      [80, undefined, 'TCP', true],
      ['http', undefined, 'UDP', true],
      [8000, 8080, 'SCTP', true],
      [undefined, undefined, 'UDP', true],
      [undefined, undefined, 'TCP', true],
    ]);
  });

  it('a quoted number is a port name to Kubernetes, and an invalid one', () => {
    const { text, out, ports: ps } = ports('- port: "80"');
    assert.deepEqual(codes(out), ['invalid-port']);
    assert.match(out.findings[0].message, /unquoted/);
    assert.equal(at(text, out.findings[0].span), '"80"');
    assert.equal(ps[0].port, '80');
  });

  it('port names must be IANA service names: lowercase, 1-15 characters, a letter, no double hyphen', () => {
    for (const name of ['HTTP', 'my--port', 'abcdefghijklmnop', '-http', 'http-', 'web_port', '1-2']) {
      const { out } = ports(`- port: ${name}`);
      assert.deepEqual(codes(out), ['invalid-port'], name);
    }
    for (const name of ['http', 'serve-80-tcp', 'a', 'h2c', 'abcdefghijklmno']) {
      const { out } = ports(`- port: ${name}`);
      assert.deepEqual(out.findings, [], name);
    }
  });

  it('numbers outside 1-65535 or not integers are invalid-port, and allow nothing', () => {
    for (const bad of ['0', '65536', '80.5', '-1']) {
      const { out, ports: ps } = ports(`- port: ${bad}`);
      assert.deepEqual(codes(out), ['invalid-port'], bad);
      assert.ok(Number.isNaN(ps[0].port), bad);
    }
  });

  it('an unknown protocol is invalid-protocol (with the case fix when it is one), and the entry allows nothing', () => {
    const { out, ports: ps } = ports('- {port: 80, protocol: tcp}\n- {port: 1, protocol: ICMP}');
    assert.deepEqual(codes(out), ['invalid-protocol', 'invalid-protocol']);
    assert.match(out.findings[0].message, /write TCP/);
    assert.doesNotMatch(out.findings[1].message, /write/);
    assert.deepEqual(ps.map((p) => p.protocolValid), [false, false]);
    const model = workspaceOf({
      'p.yaml': policy('podSelector: {}\ningress:\n- ports:\n  - {port: 80, protocol: tcp}'),
      'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\n',
    }).model();
    const pod = model.workloads[0];
    assert.ok(new Reachability(model).allowed(pod, pod).isEmpty());
  });
});

describe('extract: label selectors', () => {
  const selector = (sel: string) => {
    const text = policy(`podSelector: ${sel}`);
    const out = extract(text);
    return { text, out, sel: out.policies[0].podSelector };
  };

  it('absent or null podSelector is the empty selector (all pods)', () => {
    const p = extract(policy('ingress: []')).policies[0];
    assert.equal(p.podSelector.valid, true);
    assert.deepEqual([p.podSelector.matchLabels, p.podSelector.matchExpressions], [{}, []]);
    assert.equal(extract(policy('podSelector:')).policies[0].podSelector.valid, true);
  });

  it('matchLabels and matchExpressions are read with spans', () => {
    const { text, out, sel } = selector('{matchLabels: {app: web}, matchExpressions: [{key: env, operator: In, values: [prod, stage]}, {key: legacy, operator: DoesNotExist}]}');
    assert.deepEqual(out.findings, []);
    assert.equal(sel.valid, true);
    assert.deepEqual(sel.matchLabels, { app: 'web' });
    assert.deepEqual(sel.matchExpressions.map((r) => [r.key, r.operator, r.values]), [
      ['env', 'In', ['prod', 'stage']],
      ['legacy', 'DoesNotExist', []],
    ]);
    assert.equal(at(text, sel.labelSpans[0].valueSpan), 'web');
  });

  const invalid: [string, string, RegExp][] = [
    ['a bad operator', '{matchExpressions: [{key: a, operator: Equals, values: [x]}]}', /Unknown operator "Equals"/],
    ['a miscased operator', '{matchExpressions: [{key: a, operator: in, values: [x]}]}', /case-sensitive: In/],
    ['no operator', '{matchExpressions: [{key: a, values: [x]}]}', /needs an operator/],
    ['In without values', '{matchExpressions: [{key: a, operator: In}]}', /non-empty values/],
    ['NotIn with an empty list', '{matchExpressions: [{key: a, operator: NotIn, values: []}]}', /non-empty values/],
    ['Exists with values', '{matchExpressions: [{key: a, operator: Exists, values: [x]}]}', /must not have values/],
    ['DoesNotExist with values', '{matchExpressions: [{key: a, operator: DoesNotExist, values: [x]}]}', /must not have values/],
    ['no key', '{matchExpressions: [{operator: Exists}]}', /needs a key/],
    ['an invalid key in matchExpressions', '{matchExpressions: [{key: "bad key", operator: Exists}]}', /Label key "bad key"/],
    ['an invalid value in In', '{matchExpressions: [{key: a, operator: In, values: ["not valid!"]}]}', /Label value "not valid!"/],
    ['a YAML 1.1 boolean in In', '{matchExpressions: [{key: a, operator: In, values: [yes]}]}', /read as a boolean/],
    ['an invalid key in matchLabels', '{matchLabels: {"bad key": x}}', /Label key "bad key"/],
    ['an invalid value in matchLabels', '{matchLabels: {app: "a b"}}', /Label value "a b"/],
    ['a YAML 1.1 boolean in matchLabels', '{matchLabels: {enabled: yes}}', /read as a boolean/],
    ['labels written at the top (no matchLabels)', '{app: web}', /Unknown selector field "app"/],
    ['a selector that is not a mapping', 'app=web', /must be a mapping/],
    ['matchExpressions not a list', '{matchExpressions: {key: a}}', /must be a list/],
    ['an entry that is not a mapping', '{matchExpressions: [a]}', /must be a mapping/],
  ];
  for (const [what, sel, message] of invalid) {
    it(`${what}: a finding, and the selector selects nothing`, () => {
      const { out, sel: s } = selector(sel);
      assert.ok(out.findings.length >= 1, 'a finding');
      assert.ok(out.findings.some((f) => message.test(f.message)), out.findings.map((f) => f.message).join('\n'));
      assert.ok(out.findings.every((f) => f.severity === 'error'));
      assert.equal(s.valid, false);
      // Selects nothing: the policy isolates no pod, whatever its labels.
      const model = workspaceOf({
        'p.yaml': policy(`podSelector: ${sel}`),
        'w.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop, labels: {a: x, app: web, enabled: "yes"}}\n',
      }).model();
      assert.deepEqual(new Reachability(model).isolatedBy(model.workloads[0], 'ingress'), []);
    });
  }

  it('an invalid peer selector admits nobody, in the same rule as valid peers', () => {
    const model = workspaceOf({
      'p.yaml': policy('podSelector: {}\ningress:\n- from:\n  - podSelector: {matchLabels: {role: "x y"}}\n  - podSelector: {matchLabels: {role: ok}}'),
      'w.yaml': yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: target, namespace: shop}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ok, namespace: shop, labels: {role: ok}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: other, namespace: shop, labels: {role: other}}
      `,
    }).model();
    const reach = new Reachability(model);
    const [ok, other, target] = ['ok', 'other', 'target'].map((n) => model.workload(`shop/Pod/${n}`)!);
    assert.equal(reach.allowed(ok, target).isAll(), true);
    assert.equal(reach.allowed(other, target).isEmpty(), true);
  });
});
