// `netpol-lens diff` run for real on two temporary folders: text, JSON, Markdown, exit codes and usage errors.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DiffJson } from '../../server/src/cli/diff';
import { cli, tempRoot, writeFiles } from '../helpers/cli';
import { deployment, docs, namespace, networkPolicy } from '../helpers/manifests';
import { yaml } from '../helpers/workspace';

const WORKLOADS = docs(
  namespace('shop'),
  deployment('shop', 'web', { app: 'web' }, ['http:8080']),
  deployment('shop', 'api', { app: 'api' }, ['http:9090']),
);

const DENY_ALL = networkPolicy('shop', 'deny-all', yaml`
  podSelector: {}
  policyTypes: [Ingress]
`);

const apiPolicy = (ports: string) => networkPolicy('shop', 'api-in', yaml`
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: ${ports}
`);

describe('netpol-lens diff (CLI)', () => {
  const tmp = tempRoot('netpol-diff-', 'each');
  let before: string;
  let after: string;

  beforeEach(() => {
    before = tmp.folder('before', { 'workloads.yaml': WORKLOADS, 'deny.yaml': DENY_ALL, 'api.yaml': apiPolicy('[{port: 9090}, {port: 53, protocol: UDP}]') });
    // The pull request: api opens TCP 443 to web and closes UDP 53; a worker appears that deny-all keeps unreachable.
    after = tmp.folder('after', {
      'workloads.yaml': WORKLOADS,
      'deny.yaml': DENY_ALL,
      'api.yaml': apiPolicy('[{port: 9090}, {port: 443}]'),
      'worker.yaml': deployment('shop', 'worker', { app: 'worker' }),
    });
  });

  it('prints diff-like text with the policies behind each change and a summary line', () => {
    const { code, out, err } = cli(['diff', before, after]);
    assert.equal(err, '');
    assert.equal(code, 0, 'without --exit-code a difference is no failure');
    assert.equal(
      out,
      [
        '+ workload shop/Deployment/worker',
        '~ shop/Deployment/web → shop/Deployment/api: +TCP 443; -UDP 53  (allowed by shop/api-in; denied by shop/api-in, shop/deny-all)',
        // Nothing isolates the new worker's egress; deny-all isolates its ingress, so it gains nothing from outside.
        '+ shop/Deployment/worker → any address all ports  (no policy isolates its egress)',
        '0 added, 0 removed, 1 changed; workloads: 1 added, 0 removed; outside the cluster: 1 gained, 0 lost',
        '',
      ].join('\n'),
    );
  });

  it('lists connections of a new workload as added, and of a removed one as removed', () => {
    writeFiles(after, { 'open.yaml': networkPolicy('shop', 'worker-open', yaml`
      podSelector: {matchLabels: {app: worker}}
      ingress: [{}]
    `) });
    const forward = cli(['diff', before, after]).out.split('\n');
    assert.ok(forward.includes('+ shop/Deployment/api → shop/Deployment/worker all ports  (allowed by shop/worker-open)'), forward.join('\n'));
    assert.ok(forward.includes('+ shop/Deployment/web → shop/Deployment/worker all ports  (allowed by shop/worker-open)'));
    assert.ok(forward.includes('+ shop/Deployment/worker → shop/Deployment/worker all ports  (allowed by shop/worker-open)'));
    const backward = cli(['diff', after, before]).out.split('\n');
    assert.ok(backward.includes('- workload shop/Deployment/worker'));
    assert.ok(backward.includes('- shop/Deployment/web → shop/Deployment/worker all ports  (workload removed)'), backward.join('\n'));
    assert.ok(backward.includes('~ shop/Deployment/web → shop/Deployment/api: +UDP 53; -TCP 443  (allowed by shop/api-in; denied by shop/api-in, shop/deny-all)'));
    assert.ok(backward.includes('- shop/Deployment/worker ← any address all ports  (workload removed)'));
    assert.ok(backward.includes('- shop/Deployment/worker → any address all ports  (workload removed)'));
    assert.equal(backward.at(-2), '0 added, 3 removed, 1 changed; workloads: 0 added, 1 removed; outside the cluster: 0 gained, 2 lost');
  });

  it('--format json and --json give the documented shape, ports as in reach --json', () => {
    const { code, out } = cli(['diff', before, after, '--format', 'json']);
    assert.equal(code, 0);
    assert.equal(cli(['diff', before, after, '--json']).out, out);
    const json = JSON.parse(out) as DiffJson;
    assert.deepEqual(json, {
      identical: false,
      summary: { added: 0, removed: 0, changed: 1, workloadsAdded: 1, workloadsRemoved: 0, externalGained: 1, externalLost: 0 },
      workloads: { added: ['shop/Deployment/worker'], removed: [] },
      added: [],
      removed: [],
      changed: [
        {
          from: 'shop/Deployment/web',
          to: 'shop/Deployment/api',
          before: { TCP: [[9090, 9090]], UDP: [[53, 53]] },
          after: { TCP: [[443, 443], [9090, 9090]] },
          gained: { TCP: [[443, 443]] },
          lost: { UDP: [[53, 53]] },
          allowedBy: ['shop/api-in'],
          deniedBy: ['shop/api-in', 'shop/deny-all'],
        },
      ],
      external: {
        gained: [
          {
            workload: 'shop/Deployment/worker',
            direction: 'egress',
            addresses: [
              { cidr: '0.0.0.0/0', except: [] },
              { cidr: '::/0', except: [] },
            ],
            ports: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] },
            allowedBy: [],
          },
        ],
        lost: [],
      },
    });
  });

  it('--format markdown gives a table for a pull request comment', () => {
    const { code, out } = cli(['diff', before, after, '--format', 'markdown']);
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], '### NetworkPolicy connectivity changes');
    assert.ok(lines.includes('**0 added, 0 removed, 1 changed; workloads: 1 added, 0 removed; outside the cluster: 1 gained, 0 lost**'));
    assert.ok(lines.includes('| ➕ gained | `shop/Deployment/worker` | → egress to | any address | all ports | no policy isolates its egress |'), out);
    assert.ok(lines.includes('- ➕ workload `shop/Deployment/worker`'));
    assert.ok(lines.includes('| | From | To | Ports | Why |'));
    assert.ok(
      lines.includes('| 🔁 changed | `shop/Deployment/web` | `shop/Deployment/api` | +TCP 443; -UDP 53 | allowed by shop/api-in; denied by shop/api-in, shop/deny-all |'),
      out,
    );
  });

  it('identical sides: no changes, exit 0 even with --exit-code, in every format', () => {
    writeFiles(after, { 'api.yaml': apiPolicy('[{port: 9090}, {port: 53, protocol: UDP}]') });
    fs.rmSync(path.join(after, 'worker.yaml'));
    const text = cli(['diff', before, after, '--exit-code']);
    assert.equal(text.code, 0);
    assert.equal(text.out, 'No connectivity changes.\n0 added, 0 removed, 0 changed\n');
    const json = cli(['diff', before, after, '--exit-code', '--json']);
    assert.equal(json.code, 0);
    assert.equal((JSON.parse(json.out) as DiffJson).identical, true);
    const md = cli(['diff', before, after, '--exit-code', '--format', 'markdown']);
    assert.equal(md.code, 0);
    assert.match(md.out, /No connectivity changes\./);
  });

  it('--exit-code exits 1 when anything differs, a new workload alone included', () => {
    assert.equal(cli(['diff', before, after, '--exit-code']).code, 1);
    writeFiles(after, { 'api.yaml': apiPolicy('[{port: 9090}, {port: 53, protocol: UDP}]') });
    const onlyWorkload = cli(['diff', before, after, '--exit-code']);
    assert.equal(onlyWorkload.code, 1);
    assert.equal(
      onlyWorkload.out,
      [
        '+ workload shop/Deployment/worker',
        '+ shop/Deployment/worker → any address all ports  (no policy isolates its egress)',
        '0 added, 0 removed, 0 changed; workloads: 1 added, 0 removed; outside the cluster: 1 gained, 0 lost',
        '',
      ].join('\n'),
    );
  });

  it('takes files as well as folders, and applies the analysis options to both sides', () => {
    const file = path.join(tmp.root, 'one.yaml');
    fs.writeFileSync(file, docs(WORKLOADS, DENY_ALL));
    const { code, out } = cli(['diff', file, before, '--exit-code']);
    assert.equal(code, 1);
    assert.ok(out.includes('+ shop/Deployment/web → shop/Deployment/api TCP 9090; UDP 53  (allowed by shop/api-in)'), out);
    // A deny-all without a namespace lands in the default namespace: in "default" it changes nothing here, in "shop"
    // it cuts every connection.
    const open = path.join(tmp.root, 'open.yaml');
    const closed = path.join(tmp.root, 'closed.yaml');
    fs.writeFileSync(open, WORKLOADS);
    fs.writeFileSync(closed, docs(WORKLOADS, DENY_ALL.replace(', namespace: shop', '')));
    assert.equal(cli(['diff', open, closed, '--exit-code']).code, 0);
    const shop = cli(['diff', open, closed, '--exit-code', '--default-namespace', 'shop']);
    assert.equal(shop.code, 1);
    assert.match(shop.out, /^0 added, 4 removed, 0 changed; outside the cluster: 0 gained, 2 lost$/m);
    assert.match(shop.out, /^- shop\/Deployment\/web ← any address all ports {2}\(denied by shop\/deny-all\)$/m);
    assert.match(shop.out, /^- shop\/Deployment\/web → shop\/Deployment\/api all ports {2}\(denied by shop\/deny-all\)$/m);
  });

  it('an ipBlock egress widened is a change in every format, and alone fails --exit-code', () => {
    const egress = (cidr: string) => networkPolicy('shop', 'web-out', yaml`
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: ${cidr}, except: [10.0.0.0/8]}}]
        ports: [{port: 443}]
    `);
    writeFiles(before, { 'egress.yaml': egress('10.0.0.0/8') });
    fs.rmSync(path.join(after, 'worker.yaml'));
    writeFiles(after, { 'api.yaml': apiPolicy('[{port: 9090}, {port: 53, protocol: UDP}]'), 'egress.yaml': egress('0.0.0.0/0') });
    const text = cli(['diff', before, after, '--exit-code']);
    assert.equal(text.code, 1);
    assert.equal(text.out, '+ shop/Deployment/web → 0.0.0.0/0 except 10.0.0.0/8 TCP 443  (allowed by shop/web-out)\n0 added, 0 removed, 0 changed; outside the cluster: 1 gained, 0 lost\n');
    const json = JSON.parse(cli(['diff', before, after, '--json']).out) as DiffJson;
    assert.equal(json.identical, false);
    assert.deepEqual(json.external, {
      gained: [{ workload: 'shop/Deployment/web', direction: 'egress', addresses: [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }], ports: { TCP: [[443, 443]] }, allowedBy: ['shop/web-out'] }],
      lost: [],
    });
    const md = cli(['diff', after, before, '--format', 'markdown']).out.split('\n');
    assert.ok(md.includes('| ➖ lost | `shop/Deployment/web` | → egress to | 0.0.0.0/0 except 10.0.0.0/8 | TCP 443 | denied by shop/web-out |'), md.join('\n'));
    // Written differently, the same (empty) set of addresses: 10.0.0.0/9 except 10.0.0.0/8 allows nothing, as before.
    writeFiles(after, { 'egress.yaml': egress('10.0.0.0/9') });
    assert.equal(cli(['diff', before, after, '--exit-code']).code, 0);
  });

  it('usage and I/O errors exit 2 with a message', () => {
    for (const args of [
      ['diff', before],
      ['diff', before, after, after],
      ['diff', before, path.join(tmp.root, 'missing')],
      ['diff', before, after, '--format', 'sarif'],
      ['diff', before, after, '--format', 'html'],
      ['check', before, '--format', 'markdown'],
    ]) {
      const { code, out, err } = cli(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(out, '');
      assert.match(err, /^netpol-lens: /);
    }
  });
});
