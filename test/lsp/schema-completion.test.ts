// Schema-driven editing of NetworkPolicies through the real server over stdio: key completion from
// schemas/networkpolicy.schema.json at the cursor (keys present left out, block and flow style), nothing in other
// YAML, and the schema's description on a key's hover after what the existing hovers say.
import assert from 'node:assert/strict';
import { CompletionItem, CompletionList, CompletionRequest, HoverRequest, TextEdit } from 'vscode-languageserver-protocol/node';
import { completionLabels, hoverText, TestClient } from './client';
import { applyLspEdits, lensWorkspace } from './fixture';

const FILE = 'lens/typed.yaml';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: typed
  namespace: lens
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
        - ipBlock:
            cidr: 10.0.0.0/8
      ports:
        - port: 5432
          endPort: 5440
`;

/** `text` with its one `|` taken out, and the LSP position where it was. */
function marked(text: string): { text: string; position: { line: number; character: number } } {
  const at = text.indexOf('|');
  const before = text.slice(0, at).split(/\r\n|\n/);
  return { text: text.slice(0, at) + text.slice(at + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

describe('language server: NetworkPolicy keys from the schema', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof lensWorkspace>;
  let client: TestClient;
  const opened = new Set<string>();

  before(async () => {
    ws = lensWorkspace({ [FILE]: POLICY });
    client = await TestClient.started({ folder: ws.dir });
  });

  after(async () => {
    await client?.stop();
    ws?.remove();
  });

  async function show(rel: string, text: string): Promise<void> {
    if (opened.has(rel)) await client.replaceAll(rel, text);
    else await client.open(rel, text);
    opened.add(rel);
  }

  /** The completion items at the `|` of `text`, written to `rel`. */
  async function complete(textWithCursor: string, rel = FILE): Promise<{ items: CompletionItem[]; text: string }> {
    const { text, position } = marked(textWithCursor);
    await show(rel, text);
    const answer = (await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: client.uri(rel) }, position })) as CompletionItem[] | CompletionList | null;
    return { items: Array.isArray(answer) ? answer : (answer?.items ?? []), text };
  }

  async function hover(textWithCursor: string, rel = FILE): Promise<string> {
    const { text, position } = marked(textWithCursor);
    await show(rel, text);
    return hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(rel) }, position }));
  }

  /** The document after accepting `label`. */
  function accept(r: { items: CompletionItem[]; text: string }, label: string): string {
    const item = r.items.find((i) => i.label === label);
    assert.ok(item, `${label} offered: ${r.items.map((i) => i.label).join(', ')}`);
    return applyLspEdits(r.text, [item.textEdit as TextEdit]);
  }

  it('completes the keys of spec that are not there yet, with their descriptions', async () => {
    const r = await complete(POLICY.replace('  ingress:\n', '  |\n  ingress:\n'));
    assert.deepEqual(completionLabels(r.items), ['policyTypes', 'egress']);
    const egress = r.items.find((i) => i.label === 'egress')!;
    assert.match((egress.documentation as { value: string }).value, /^egress is a list of egress rules/);
    assert.equal(egress.detail, 'list of NetworkPolicyEgressRule');
    assert.equal(egress.insertTextFormat, 1, 'plain text, no snippet');
    assert.equal(accept(r, 'egress'), POLICY.replace('  ingress:\n', '  egress:\n    - \n  ingress:\n'));
    assert.equal(accept(r, 'policyTypes'), POLICY.replace('  ingress:\n', '  policyTypes:\n    - \n  ingress:\n'));
  });

  it('completes a half-typed key, and mappings insert an indented line', async () => {
    const noSelector = POLICY.replace('  podSelector:\n    matchLabels:\n      app: db\n', '');
    const r = await complete(noSelector.replace('spec:\n', 'spec:\n  podSel|  \n'));
    assert.ok(completionLabels(r.items).includes('podSelector'));
    const edit = r.items.find((i) => i.label === 'podSelector')!.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 10 } }, 'the typed word and the trailing spaces');
    assert.equal(accept(r, 'podSelector'), noSelector.replace('spec:\n', 'spec:\n  podSelector:\n    \n'));
    // A scalar key: `key: `.
    const port = await complete(POLICY.replace('          endPort: 5440\n', '          pro|\n'));
    assert.deepEqual(completionLabels(port.items), ['protocol', 'endPort']);
    assert.equal(accept(port, 'protocol'), POLICY.replace('          endPort: 5440\n', '          protocol: \n'));
  });

  it('completes the keys of a rule, a peer, an ipBlock, a port, a selector and metadata', async () => {
    const labels = async (text: string) => completionLabels((await complete(text)).items);
    assert.deepEqual(await labels(`${POLICY}    - |\n`), ['from', 'ports'], 'a new ingress rule');
    assert.deepEqual(await labels(`${POLICY}  egress:\n    - |\n`), ['to', 'ports'], 'a new egress rule');
    assert.deepEqual(await labels(POLICY.replace('      ports:\n', '        - |\n      ports:\n')), ['podSelector', 'namespaceSelector', 'ipBlock'], 'a new peer');
    assert.deepEqual(await labels(POLICY.replace('        - ipBlock:\n', '          |\n        - ipBlock:\n')), ['namespaceSelector', 'ipBlock'], 'a peer with a podSelector');
    assert.deepEqual(await labels(POLICY.replace('            cidr: 10.0.0.0/8\n', '            cidr: 10.0.0.0/8\n            |\n')), ['except'], 'an ipBlock with its cidr');
    assert.deepEqual(await labels(POLICY.replace('          endPort: 5440\n', '          endPort: 5440\n          |\n')), ['protocol'], 'a port with port and endPort');
    assert.deepEqual(await labels(POLICY.replace('    matchLabels:\n      app: db\n', '    matchLabels:\n      app: db\n    |\n')), ['matchExpressions'], 'a selector with matchLabels');
    assert.deepEqual(await labels(POLICY.replace('    matchLabels:\n      app: db\n', '    matchExpressions:\n      - |\n')), ['key', 'operator', 'values'], 'a selector requirement');
    const meta = await labels(POLICY.replace('  namespace: lens\n', '  namespace: lens\n  |\n'));
    assert.ok(meta.includes('labels') && meta.includes('annotations'), meta.join(', '));
    assert.ok(!meta.includes('name') && !meta.includes('namespace'), 'present keys are left out');
    assert.ok(meta.includes('finalizers') && !meta.includes('uid') && !meta.includes('resourceVersion') && !meta.includes('managedFields'), 'fields the server writes are not offered');
    assert.deepEqual(await labels(POLICY.replace('apiVersion:', '|\napiVersion:')), [], 'the root: every field present, and status is the server\'s');
    assert.deepEqual(await labels(POLICY.replace('kind: NetworkPolicy\n', 'kind: NetworkPolicy\n').replace(/^spec:[\s\S]*$/m, '|\n')), ['spec'], 'the root without spec');
  });

  it('completes keys in a flow mapping on the line', async () => {
    const r = await complete(POLICY.replace('  podSelector:\n    matchLabels:\n      app: db\n', '  podSelector: {matchLabels: {app: db}, |}\n'));
    assert.deepEqual(completionLabels(r.items), ['matchExpressions']);
    assert.equal(accept(r, 'matchExpressions'), POLICY.replace('  podSelector:\n    matchLabels:\n      app: db\n', '  podSelector: {matchLabels: {app: db}, matchExpressions: }\n'));
    assert.deepEqual(completionLabels((await complete(POLICY.replace('        - ipBlock:\n            cidr: 10.0.0.0/8\n', '        - {ipBlock: {cidr: 10.0.0.0/8, |}}\n'))).items), ['except']);
  });

  it('works on CRLF documents', async () => {
    const r = await complete(POLICY.replace('  ingress:\n', '  |\n  ingress:\n').replace(/\n/g, '\r\n'));
    assert.deepEqual(completionLabels(r.items), ['policyTypes', 'egress']);
    assert.equal(accept(r, 'egress'), POLICY.replace('  ingress:\n', '  egress:\n    - \n  ingress:\n').replace(/\n/g, '\r\n'), 'the line break inserted is the document\'s');
  });

  it('offers no schema keys outside NetworkPolicy documents, nor at values', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: lens\nspec:\n  |\n';
    assert.deepEqual(completionLabels((await complete(deployment, 'lens/deploy.yaml')).items), []);
    assert.deepEqual(completionLabels((await complete('settings:\n  spec:\n    |\n', 'lens/config.yaml')).items), []);
    assert.deepEqual(completionLabels((await complete('spec:\n  |\n', 'lens/config.yaml')).items), [], 'spec: without a kind');
    const calico = POLICY.replace('networking.k8s.io/v1', 'projectcalico.org/v3').replace('  ingress:\n', '  |\n  ingress:\n');
    assert.deepEqual(completionLabels((await complete(calico)).items), [], 'a Calico NetworkPolicy has its own schema');
    // After a colon, in a block scalar, under a key with a value: no keys.
    assert.deepEqual(completionLabels((await complete(POLICY.replace('name: typed', 'name: |typed'))).items), []);
    assert.deepEqual(completionLabels((await complete(POLICY.replace('  podSelector:\n    matchLabels:\n      app: db\n', '  podSelector: {}\n    |\n'))).items), []);
    const annotated = POLICY.replace('  namespace: lens\n', '  namespace: lens\n  annotations:\n    note: |\n      |\n');
    assert.deepEqual(completionLabels((await complete(annotated)).items), []);
  });

  it('leaves label completion as it was', async () => {
    const keys = completionLabels((await complete(POLICY.replace('      app: db\n', '      app: db\n      |\n'))).items);
    assert.ok(keys.includes('app') && keys.includes('tier'), keys.join(', '));
    const values = completionLabels((await complete(POLICY.replace('      app: db\n', '      app: |db\n'))).items);
    assert.ok(values.includes('api') && values.includes('db'), values.join(', '));
    const protocols = completionLabels((await complete(POLICY.replace('          endPort: 5440\n', '          protocol: |\n'))).items);
    assert.deepEqual(protocols, ['TCP', 'UDP', 'SCTP']);
  });

  it("hovers a key with the schema's description, after the existing hover", async () => {
    const endPort = await hover(POLICY.replace('endPort:', 'end|Port:'));
    assert.match(endPort, /^\*\*TCP 5432-5440\*\* on the pods this policy selects/, 'the port hover first');
    assert.match(endPort, /\n---\n\n\*\*endPort\*\* · `integer`\n\nendPort indicates that the range of ports from port to endPort/);
    const ipBlock = await hover(POLICY.replace('- ipBlock:', '- ip|Block:'));
    assert.match(ipBlock, /^\*\*ipBlock\*\* `10\.0\.0\.0\/8`: addresses outside the cluster/);
    assert.match(ipBlock, /\*\*ipBlock\*\* · `IPBlock`\n\nipBlock defines policy on a particular IPBlock/);
    const selector = await hover(POLICY.replace('  podSelector:', '  pod|Selector:'));
    assert.match(selector, /^\*\*podSelector\*\* of lens\/typed/);
    assert.match(selector, /Selects 1 workload/);
    assert.match(selector, /podSelector selects the pods to which this NetworkPolicy object applies/);
    // Where no hover had anything to say, the description alone.
    const ingress = await hover(POLICY.replace('  ingress:', '  ingr|ess:'));
    assert.match(ingress, /^\*\*ingress\*\* · `list of NetworkPolicyIngressRule`\n\ningress is a list of ingress rules/);
    // On a value, a label key or the kind's value: as before, no description.
    assert.doesNotMatch(await hover(POLICY.replace('cidr: 10.0.0.0/8', 'cidr: 10.0|.0.0/8')), /cidr is a string/);
    assert.doesNotMatch(await hover(POLICY.replace('      app: db', '      a|pp: db')), /---/);
    const kind = await hover(POLICY.replace('kind: NetworkPolicy', 'kind: Network|Policy'));
    assert.match(kind, /\*\*NetworkPolicy `lens\/typed`\*\*/);
    assert.doesNotMatch(kind, /Kind is a string value/);
  });

  it('adds nothing to hovers outside NetworkPolicy documents', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: lens\nspec:\n  podSel|ector: {}\n';
    assert.equal(await hover(deployment, 'lens/deploy.yaml'), '');
  });
});
