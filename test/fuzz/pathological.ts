// Inputs built to hurt: alias bombs, huge files, deep nesting, binary and non-UTF-8 bytes, Helm templates, line-ending
// and byte-order-mark variants, prototype-named keys, huge lists. Each is a core case plus the diagnostic codes the
// answer must contain (a "clear diagnostic"), or none when the input is valid and must simply be analysed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { billionLaughs, mergeBomb } from '../helpers/alias-bombs';
import type { CoreCase } from './harness/exercise-core';
import { ROOT } from './harness/core-runner';

export interface PathologicalCase extends CoreCase {
  /** Codes that must be among the findings (the user is told what happened). */
  expectCodes?: string[];
  /** Codes that must not be among them (e.g. valid input must not be called broken). */
  forbidCodes?: string[];
}

export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'fuzz');

const MB = 1024 * 1024;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - port: 8080
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx
      ports:
        - containerPort: 8080
          name: http
`;

/** A bomb inside a NetworkPolicy at `where`, so that the extractor or the schema validation walks it. */
function bombIn(where: 'ingress' | 'annotations' | 'unknown-field' | 'labels' | 'matchExpressions'): string {
  const head = `${billionLaughs(9)}${mergeBomb(20)}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bomb\n  namespace: shop\n`;
  switch (where) {
    case 'ingress':
      return `${head}spec:\n  podSelector: {}\n  ingress: *a9\n`;
    case 'annotations':
      return `${head}  annotations: *l20\nspec:\n  podSelector: {}\n`;
    case 'unknown-field':
      return `${head}spec:\n  podSelector: {}\n  extra: *a9\n`;
    case 'labels':
      return `${head}spec:\n  podSelector:\n    matchLabels: *l20\n`;
    case 'matchExpressions':
      return `${head}spec:\n  podSelector:\n    matchExpressions: *a9\n`;
  }
}

/** Bytes from a fixed-seed generator (xorshift), so "random" files are the same on every run. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function fixture(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, name));
}

/** The examples concatenated into one multi-document file, copied with renamed namespaces until `size` characters. */
function concatenatedExamples(examples: Record<string, string>, size: number): string {
  const docs = Object.entries(examples)
    .filter(([f]) => !/\.netpol-test\.ya?ml$/.test(f))
    .map(([, t]) => t)
    .join('\n---\n');
  let out = '';
  for (let i = 0; out.length < size; i++) out += docs.replace(/namespace: ([a-z0-9-]+)/g, `namespace: $1-${i}`) + '\n---\n';
  return out;
}

export function pathologicalCases(examples: Record<string, string>): PathologicalCase[] {
  const cases: PathologicalCase[] = [];
  const add = (c: PathologicalCase): void => void cases.push(c);
  const one = (label: string, text: string, extra: Partial<PathologicalCase> = {}): void =>
    add({ label, files: { [`/fuzz/${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.yaml`]: text }, ...extra });

  // Alias bombs.
  one('billion laughs (9 levels of sequences) beside a Pod, never read', billionLaughs(9) + POD, { forbidCodes: ['yaml-too-complex'] });
  one('billion laughs at the top of a NetworkPolicy (the schema validation reads every field)', billionLaughs(9) + POLICY, { expectCodes: ['yaml-too-complex'] });
  one('billion laughs as a policy ingress list', bombIn('ingress'));
  one('merge-key bomb as a policy annotations map', bombIn('annotations'));
  one('billion laughs in an unknown policy field (schema validation walks it)', bombIn('unknown-field'), { expectCodes: ['yaml-too-complex'] });
  one('merge-key bomb as matchLabels', bombIn('labels'), { expectCodes: ['yaml-too-complex'] });
  one('billion laughs as matchExpressions', bombIn('matchExpressions'), { expectCodes: ['yaml-too-complex'] });
  one('merge-key bomb as Pod labels', `${mergeBomb(20)}${POD.replace('  labels:\n    app: web\n', '  labels: *l20\n')}`, { expectCodes: ['yaml-too-complex'] });
  add({
    label: 'billion laughs in a policy test file',
    files: { '/fuzz/bomb.netpol-test.yaml': `${billionLaughs(9)}tests: *a9\n`, '/fuzz/pod.yaml': POD },
    expectCodes: ['yaml-too-complex'],
  });
  one('an alias cycle through a merge key', 'a: &a {<<: *a, x: 1}\n' + POLICY);
  one('ten thousand aliases to one anchor', `x: &x {app: web}\nlist: [${Array(10_000).fill('*x').join(', ')}]\n---\n` + POLICY);

  // Huge files.
  one('50 MB of YAML (over the default 10 MB limit)', concatenatedExamples(examples, 50 * MB).slice(0, 50 * MB), { expectCodes: ['file-skipped'] });
  one('1 MB of manifests in one file (the examples, 40-odd times over)', concatenatedExamples(examples, 1 * MB), { explainPairs: 10 });
  one('a 5 MB single-line scalar', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ${'x'.repeat(5 * MB)}\n---\n${POLICY}`);
  one('a 1 MB label value and a 1 MB selector value', POD.replace('app: web', `app: ${'w'.repeat(MB)}`) + '---\n' + POLICY.replace('app: web', `app: ${'v'.repeat(MB)}`), {
    expectCodes: ['invalid-label'],
  });
  one('100,000 empty documents', '---\n'.repeat(100_000) + POLICY);
  one('10,000 tiny documents, each a Pod', Array.from({ length: 10_000 }, (_, i) => `{apiVersion: v1, kind: Pod, metadata: {name: p${i}, namespace: n${i % 50}, labels: {app: a${i % 7}}}}`).join('\n---\n'), {
    explainPairs: 10,
  });
  one('2,000 policies selecting every pod of one namespace', Array.from({ length: 2_000 }, (_, i) => POLICY.replace('name: web', `name: p${i}`).replace('8080', String(1 + i))).join('---\n') + '---\n' + POD, {
    explainPairs: 4,
  });
  one('a policy with 5,000 ports', POLICY.replace('        - port: 8080\n', Array.from({ length: 5_000 }, (_, i) => `        - port: ${(i * 13) % 65535 + 1}\n          protocol: ${['TCP', 'UDP', 'SCTP'][i % 3]}\n`).join('')) + '---\n' + POD);
  one('a selector with 20,000 In values', POLICY.replace('    matchLabels:\n      app: web\n', `    matchExpressions:\n      - {key: app, operator: In, values: [${Array.from({ length: 20_000 }, (_, i) => `v${i}`).join(', ')}]}\n`) + '---\n' + POD);
  one('an ipBlock with 5,000 excepts', POLICY.replace(/ {8}- podSelector:\n {12}matchLabels:\n {14}app: api\n/, `        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: [${Array.from({ length: 5_000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`).join(', ')}]\n`) + '---\n' + POD);
  add({
    label: 'a policy test against ::/0 and 0.0.0.0/0 with an ipBlock of 2,000 excepts',
    files: {
      '/fuzz/p.yaml': POLICY.replace(/ingress:[\s\S]*$/, `policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [${Array.from({ length: 2_000 }, (_, i) => `${(i * 7) % 223 + 1}.${i & 255}.0.0/16`).join(', ')}]\n        - ipBlock:\n            cidr: ::/0\n            except: [${Array.from({ length: 2_000 }, (_, i) => `2001:db8:${i.toString(16)}::/48`).join(', ')}]\n`) + '---\n' + POD,
      '/fuzz/t.netpol-test.yaml': 'tests:\n  - {from: shop/web, to: {cidr: 0.0.0.0/0}, port: 443, expect: allow}\n  - {from: shop/web, to: {cidr: "::/0"}, port: 443, expect: allow}\n  - {from: shop/web, to: {ip: 10.1.2.3}, port: 443, expect: deny}\n',
    },
  });
  one('100,000 suppression comments', '# netpol-lens-disable-next-line forgotten-dns\n'.repeat(100_000) + POLICY);
  one('10,000 labels on one pod', POD.replace('    app: web\n', Array.from({ length: 10_000 }, (_, i) => `    k${i}: v${i}\n`).join('') + '    app: web\n') + '---\n' + POLICY);

  // Deep nesting: refused before it overflows the stack.
  one('100,000 [', '['.repeat(100_000), { expectCodes: ['yaml-too-complex'] });
  one('100,000 {a:', '{a: '.repeat(100_000), { expectCodes: ['yaml-too-complex'] });
  one('1,000 nested block mappings', Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n', { expectCodes: ['yaml-too-complex'] });
  one('5,000 nested block sequences', '- '.repeat(5_000) + 'x\n', { expectCodes: ['yaml-too-complex'] });
  one('a policy nested 190 levels deep in an unknown field (under the limit)', POLICY + '  extra: ' + '['.repeat(190) + ']'.repeat(190) + '\n');
  one('a policy whose podSelector is nested 300 levels deep', POLICY.replace('    matchLabels:\n      app: web\n', '    matchLabels: ' + '{a: '.repeat(300) + '1' + '}'.repeat(300) + '\n'), {
    expectCodes: ['yaml-too-complex'],
  });
  add({ label: 'a policy test file nested 250 levels deep', files: { '/fuzz/deep.netpol-test.yaml': 'tests: ' + '['.repeat(250) + ']'.repeat(250) + '\n' }, expectCodes: ['yaml-too-complex'] });

  // Binary files named .yaml.
  one('random bytes with NULs, decoded as UTF-8', pseudoRandomBytes(64 * 1024, 1).toString('utf8'), { expectCodes: ['file-skipped'] });
  one('random bytes without NULs, decoded as Latin-1', Buffer.from(pseudoRandomBytes(64 * 1024, 2).map((b) => b || 1)).toString('latin1'));
  one('random bytes without NULs, decoded as UTF-8', Buffer.from(pseudoRandomBytes(64 * 1024, 3).map((b) => b || 1)).toString('utf8'));
  one('a PNG image named .yaml', fixture('image.png.yaml').toString('utf8'), { expectCodes: ['file-skipped'] });
  one('a gzip archive named .yaml', fixture('archive.gz.yaml').toString('utf8'), { expectCodes: ['file-skipped'] });
  one('a NUL after 8 KiB of YAML', POLICY + '#'.repeat(9000) + '\n\u0000\n');

  // Helm templates.
  one('a Helm chart NetworkPolicy template', fixture('helm-networkpolicy.yaml').toString('utf8'), { expectCodes: ['helm-template'] });
  one('a Helm chart Deployment template with control flow', fixture('helm-deployment.yaml').toString('utf8'), { expectCodes: ['helm-template'] });
  one('a Helm template with a rendered document after it', fixture('helm-networkpolicy.yaml').toString('utf8') + '\n---\n' + POLICY, { expectCodes: ['helm-template'] });

  // Line endings and byte-order marks.
  one('CRLF', (POLICY + '---\n' + POD).replace(/\n/g, '\r\n'), { forbidCodes: ['yaml-syntax'] });
  one('CR only (classic Mac)', (POLICY + '---\n' + POD).replace(/\n/g, '\r'));
  one('mixed LF, CRLF and CR', (POLICY + '---\n' + POD).split('\n').map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join(''));
  one('a BOM', '\ufeff' + POLICY + '---\n' + POD, { forbidCodes: ['yaml-syntax'] });
  one('a BOM and CRLF', '\ufeff' + (POLICY + '---\n' + POD).replace(/\n/g, '\r\n'), { forbidCodes: ['yaml-syntax'] });
  one('a BOM at the start of every document', '\ufeff' + POLICY + '---\n\ufeff' + POD);
  one('Unicode line and paragraph separators, NEL', POLICY.replace(/\n/g, '\u2028') + '\u0085' + POD.replace(/\n/g, '\u2029'));

  // Not UTF-8.
  one('a Latin-1 file decoded as UTF-8 (replacement characters)', fixture('latin1.yaml').toString('utf8'));
  one('a Latin-1 file decoded as Latin-1', fixture('latin1.yaml').toString('latin1'));
  one('a UTF-16LE file with BOM decoded as UTF-8', fixture('utf16le.yaml').toString('utf8'), { expectCodes: ['file-skipped'] });
  one('a UTF-16LE file decoded as UTF-16LE', fixture('utf16le.yaml').toString('utf16le'), { forbidCodes: ['yaml-syntax'] });
  one('a Shift-JIS file decoded as UTF-8', fixture('shift-jis.yaml').toString('utf8'));
  one('lone surrogates in keys and values', POLICY.replace('app: web', 'app: \ud800web\udfff').replace('name: web', 'name: \udc00'));
  one('emoji and combining characters in names and labels', POLICY.replace('app: web', 'app: wéb\u0301😀').replace('namespace: shop', 'namespace: shöp'), { expectCodes: ['invalid-label'] });

  // Keys with JavaScript meaning.
  one('labels named __proto__, constructor, toString and hasOwnProperty', POD.replace('    app: web\n', '    __proto__: x\n    constructor: web\n    toString: y\n    hasOwnProperty: z\n    app: web\n') + '---\n' + POLICY.replace('      app: web\n', '      constructor: web\n      toString: y\n'));
  one('a selector on a key named like an Object method that no pod has', POD + '---\n' + POLICY.replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n      - {key: constructor, operator: Exists}\n      - {key: valueOf, operator: In, values: [x]}\n'));
  one('a policy named __proto__ in namespace constructor', POLICY.replace('name: web', 'name: __proto__').replace('namespace: shop', 'namespace: constructor'));
  return cases;
}
