// The language server, fuzzed over its real protocol: a workspace full of hostile files on disk, mutated documents
// with every request at random positions, random incremental edits, quick fixes applied through code actions, and
// garbage parameters for every method and notification. Every request must be answered within the per-case limit
// (a result, or for malformed parameters an LSP error), the heap stays under its cap, and after everything the
// server still publishes fresh diagnostics and answers hovers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { DEFAULT_OPTIONS, extractFile, LineIndex } from '../../server/src/core';
import { applySuppressions } from '../../server/src/core/suppressions';
import { billionLaughs } from '../helpers/alias-bombs';
import { CASE_LIMIT_MS } from './harness/core-runner';
import { Answer, FuzzedServer, preview } from './harness/lsp-server';
import { EXAMPLES_DIR, exampleFiles, rel, runs, seed } from './examples';
import { applyMutations, mutationsArb } from './mutations';
import { FIXTURES, pathologicalCases } from './pathological';

const SEED = seed(20240612);
const REQUEST_FAILED = -32803;
const INTERNAL_ERROR = -32603;

const BOMB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bomb, namespace: fuzz}
${billionLaughs(6)}spec:
  podSelector: {}
  ingress: *a6
`;

/** A random position: usually inside the text, sometimes past a line's end or the last line, or negative. */
const positionArb = (doc: TextDocument): fc.Arbitrary<Position> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.nat({ max: Math.max(0, doc.getText().length) }).map((o) => doc.positionAt(o)) },
    { weight: 1, arbitrary: fc.record({ line: fc.nat({ max: doc.lineCount + 3 }), character: fc.nat({ max: 400 }) }) },
    { weight: 1, arbitrary: fc.record({ line: fc.integer({ min: -2, max: 2 }), character: fc.integer({ min: -2, max: 2 }) }) },
  );

/** YAML, schema and value errors of a manifest file's text, by code. */
function localErrors(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of extractFile('/fuzz/doc.yaml', text, DEFAULT_OPTIONS).findings) {
    if (f.severity === 'error') counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  return counts;
}

function inDocument(doc: TextDocument, range: Range): boolean {
  const ok = (p: Position): boolean => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < Math.max(1, doc.lineCount);
  if (!ok(range.start) || !ok(range.end)) return false;
  const lineLength = (line: number): number => doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 });
  return range.start.character <= lineLength(range.start.line) && range.end.character <= lineLength(range.end.line) + 1;
}

/** The edits of a code action for one document (either WorkspaceEdit shape). */
function editsOf(edit: WorkspaceEdit | undefined, uri: string, version: number, problems: string[]): TextEdit[] {
  if (!edit) return [];
  const out: TextEdit[] = [];
  for (const change of (edit.documentChanges ?? []) as TextDocumentEdit[]) {
    if (change.textDocument.uri !== uri) problems.push(`a code action edits another document: ${change.textDocument.uri}`);
    else if (change.textDocument.version !== null && change.textDocument.version !== version) {
      problems.push(`a code action edits version ${change.textDocument.version}, the document is at ${version}`);
    } else out.push(...(change.edits as TextEdit[]));
  }
  for (const [u, edits] of Object.entries(edit.changes ?? {})) {
    if (u !== uri) problems.push(`a code action edits another document: ${u}`);
    else out.push(...edits);
  }
  return out;
}

describe(`fuzz: the language server (seed ${SEED})`, function () {
  this.timeout(0);
  let dir: string;
  let server: FuzzedServer;
  const docs = new Map<string, TextDocument>();
  const files = exampleFiles();
  const names = Object.keys(files);
  let requests = 0;
  let localChecked = 0;
  let fixesApplied = 0;
  let maxRss = 0;

  /** A request whose parameters are well-formed: it must succeed (an LSP error means a handler threw). */
  const ask = async (method: string, params: unknown, context: string): Promise<unknown> => {
    requests++;
    const answer: Answer = await server.request(method, params);
    if ('error' in answer) {
      assert.fail(`${method} answered with error ${answer.error.code} "${answer.error.message}" on well-formed params ${preview(params)}\n${context}\n${server.postmortem()}`);
    }
    return answer.result;
  };

  const open = async (relPath: string, text: string): Promise<TextDocument> => {
    const uri = server.uri(relPath);
    const doc = TextDocument.create(uri, 'yaml', 1, text);
    docs.set(uri, doc);
    await server.send('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return doc;
  };

  const change = async (doc: TextDocument, changes: { range?: Range; text: string }[]): Promise<TextDocument> => {
    const next = TextDocument.update(doc, changes as never, doc.version + 1);
    docs.set(doc.uri, next);
    await server.send('textDocument/didChange', { textDocument: { uri: doc.uri, version: next.version }, contentChanges: changes });
    return next;
  };

  /** Diagnostics for the document's current version, each inside the document. */
  const checkedDiagnostics = async (doc: TextDocument, context: string): Promise<Diagnostic[]> => {
    const published = await server.diagnosticsAt(doc.uri, doc.version);
    for (const d of published.diagnostics) {
      assert.ok(inDocument(doc, d.range), `diagnostic ${d.code} ${JSON.stringify(d.range)} lies outside the document (${doc.lineCount} lines)\n${context}`);
      assert.ok(typeof d.message === 'string' && d.message.length > 0, `diagnostic ${d.code} without a message\n${context}`);
    }
    // The server reads the same text as the client: the findings that depend on this file alone (YAML, schema and
    // value problems), computed by the core on the client's copy, are all published, at the same ranges.
    const text = doc.getText();
    const lines = new LineIndex(text);
    const key = (code: unknown, range: Range, message: string): string => `${String(code)} ${JSON.stringify(range)} ${message}`;
    const shown = new Set(published.diagnostics.map((d) => key(d.code, d.range, d.message)));
    const local = applySuppressions(extractFile('/fuzz/doc.yaml', text, DEFAULT_OPTIONS).findings, () => text);
    for (const f of local) {
      const expected = key(f.code, { start: lines.position(f.span.start), end: lines.position(f.span.end) }, f.message);
      localChecked++;
      assert.ok(shown.has(expected), `the server does not show ${expected}\n(it shows ${[...shown].join('\n')})\n${context}`);
    }
    return published.diagnostics;
  };

  /** Every position-based request at `at`, code actions over `range`, code lenses; quick fixes checked and returned. */
  const everyRequest = async (doc: TextDocument, at: Position[], diagnostics: Diagnostic[], context: string): Promise<TextEdit[][]> => {
    const textDocument = { uri: doc.uri };
    const fixes: TextEdit[][] = [];
    for (const position of at) {
      const where = `${context}\nat ${JSON.stringify(position)}`;
      await ask('textDocument/hover', { textDocument, position }, where);
      await ask('textDocument/completion', { textDocument, position }, where);
      await ask('textDocument/definition', { textDocument, position }, where);
      await ask('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }, where);
      await ask('netpolLens/explainPolicy', { uri: doc.uri, position }, where);
      const range = { start: position, end: position };
      const actions = (await ask('textDocument/codeAction', { textDocument, range, context: { diagnostics } }, where)) as CodeAction[] | null;
      for (const action of actions ?? []) {
        const problems: string[] = [];
        const edits = editsOf(action.edit, doc.uri, doc.version, problems);
        for (const e of edits) if (!inDocument(doc, e.range)) problems.push(`edit range ${JSON.stringify(e.range)} lies outside the document`);
        // Applied, the action leaves the file with no more YAML, schema or value errors than it had (quick fixes,
        // refactors and suppression comments alike).
        if (edits.length && problems.length === 0) {
          const before = localErrors(doc.getText());
          for (const [code, n] of localErrors(TextDocument.applyEdits(doc, edits))) {
            if (n > (before.get(code) ?? 0)) problems.push(`it leaves ${n} ${code} error(s), there were ${before.get(code) ?? 0}`);
          }
        }
        assert.deepEqual(problems, [], `code action "${action.title}": ${problems.join('; ')}\n${where}`);
        if (edits.length) fixes.push(edits);
      }
    }
    const lenses = (await ask('textDocument/codeLens', { textDocument }, context)) as { range: Range }[] | null;
    for (const lens of lenses ?? []) assert.ok(inDocument(doc, lens.range), `code lens ${JSON.stringify(lens.range)} lies outside the document\n${context}`);
    return fixes;
  };

  /** Liveness: a real edit is analysed (fresh diagnostics for the new version) and a hover on a policy answers. */
  const stillServes = async (why: string): Promise<void> => {
    const uri = server.uri('payments/policies/default-deny.yaml');
    let doc = docs.get(uri) ?? (await open('payments/policies/default-deny.yaml', files[path.join(EXAMPLES_DIR, 'payments/policies/default-deny.yaml')]));
    doc = await change(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# ${why}\n` }]);
    await server.diagnosticsAt(uri, doc.version).catch((error: Error) => assert.fail(`after ${why}, the server no longer analyses edits: ${error.message}`));
    const hover = (await ask('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(doc.getText().indexOf('podSelector') + 2) }, why)) as { contents: unknown } | null;
    assert.ok(hover && JSON.stringify(hover.contents).length > 10, `after ${why}, a hover on podSelector answers nothing`);
    const rss = server.rssMb();
    if (rss) maxRss = Math.max(maxRss, rss);
  };

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lens-fuzz-'));
    fs.cpSync(EXAMPLES_DIR, dir, { recursive: true });
    // Hostile files on disk, read by the initial index.
    fs.cpSync(FIXTURES, path.join(dir, 'hostile'), { recursive: true });
    const put = (name: string, content: string | Buffer): void => fs.writeFileSync(path.join(dir, 'hostile', name), content);
    put('bomb.yaml', BOMB);
    put('deep.yaml', '['.repeat(100_000));
    put('deep-closed.yaml', '{a: '.repeat(50_000) + '1' + '}'.repeat(50_000));
    // Findings on the first line, where a byte-order mark shifts columns.
    put(
      'bom-crlf.yaml',
      '\ufeff{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: bom, namespace: shop}, spec: {podSelector: {matchLabels: {app: nothing}}, policyTypes: [Egress]}}\r\n' +
        fs.readFileSync(path.join(EXAMPLES_DIR, 'shop/dmz/policies.yaml'), 'utf8').replace(/^/, '---\n').replace(/\n/g, '\r\n'),
    );
    put('huge-50mb.yaml', Buffer.alloc(50 * 1024 * 1024, 'a: b\n'));
    put('just-under-limit.yaml', 'x: ' + 'y'.repeat(9 * 1024 * 1024) + '\n');
    fs.symlinkSync('.', path.join(dir, 'hostile', 'loop'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'hostile', 'zero.yaml'));
    try {
      execFileSync('mkfifo', [path.join(dir, 'hostile', 'fifo.yaml')]);
    } catch {
      // no mkfifo: the FIFO case is skipped
    }
    server = new FuzzedServer(dir);
    await server.initialize({ debounceMs: 10 });
    await server.until('the ready status after indexing the hostile workspace', () => server.statuses.find((s) => s.state === 'ready'), 120_000);
  });

  after(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.FUZZ_REPORT) console.log(`server fuzz: ${requests} well-formed requests, ${localChecked} file-local diagnostics matched, ${fixesApplied} code actions applied, max RSS ${maxRss} MB`);
  });

  it('indexes a workspace of hostile files (bomb, deep, BOM+CRLF, 50 MB, 9 MB, binary, Helm, symlink loop, /dev/zero, FIFO) and answers', async () => {
    const diagnosticsOf = (name: string): Diagnostic[] | undefined => server.diagnostics.get(server.uri(`hostile/${name}`))?.diagnostics;
    await server.until('diagnostics of the hostile files', () => (diagnosticsOf('bomb.yaml') && diagnosticsOf('deep.yaml') ? true : undefined));
    assert.ok(diagnosticsOf('bomb.yaml')!.some((d) => d.code === 'yaml-too-complex'));
    assert.ok(diagnosticsOf('deep.yaml')!.some((d) => d.code === 'yaml-too-complex'));
    assert.ok(server.logs.some((l) => /huge-50mb\.yaml/.test(l)), 'the 50 MB file is reported as skipped in the log');
    await stillServes('indexing the hostile workspace');
  });

  it('a file with a byte-order mark on disk gets the same diagnostic positions as the editor shows (it strips the BOM)', async () => {
    const uri = server.uri('hostile/bom-crlf.yaml');
    const onDisk = await server.until('diagnostics of the BOM file', () => server.diagnostics.get(uri));
    const text = fs.readFileSync(path.join(dir, 'hostile', 'bom-crlf.yaml'), 'utf8').replace(/^\ufeff/, '');
    const doc = await open('hostile/bom-crlf.yaml', text);
    const inEditor = await server.diagnosticsAt(uri, doc.version);
    const key = (d: Diagnostic): string => `${d.code} ${JSON.stringify(d.range)}`;
    assert.deepEqual(onDisk.diagnostics.map(key).sort(), inEditor.diagnostics.map(key).sort());
    assert.ok(inEditor.diagnostics.some((d) => d.range.start.line === 0), 'some diagnostic lies on the first line');
  });

  it('every pathological input of the core suite, opened in the editor, is answered with its diagnostic', async () => {
    let i = 0;
    for (const c of pathologicalCases(files)) {
      const started = Date.now();
      const opened: TextDocument[] = [];
      for (const [file, text] of Object.entries(c.files)) {
        const name = path.basename(file).replace(/^(.*?)((\.netpol-test)?\.ya?ml)$/, `$1-${i++}$2`);
        opened.push(await open(`patho/${name}`, text));
      }
      const codes = new Set<string>();
      for (const doc of opened) {
        const diagnostics = await checkedDiagnostics(doc, c.label);
        for (const d of diagnostics) codes.add(String(d.code));
        const length = doc.getText().length;
        await everyRequest(doc, [0, Math.floor(length / 2), length].map((o) => doc.positionAt(o)), diagnostics, c.label);
      }
      for (const code of c.expectCodes ?? []) assert.ok(codes.has(code), `${c.label}: expected ${code}, the server shows ${[...codes].join(', ')}`);
      for (const doc of opened) {
        await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
        docs.delete(doc.uri);
      }
      if (process.env.FUZZ_REPORT) console.log(`  ${Date.now() - started} ms: ${c.label}`);
    }
    await stillServes('pathological documents');
  });

  it('every request at random positions of mutated example documents, and every quick fix applied', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), mutationsArb, fc.nat(), async (i, mutations, pick) => {
        const file = names[i];
        const text = applyMutations(files[file], mutations);
        const relPath = `fuzz/doc-${n++}.yaml`;
        const context = `${rel(file)} mutated by ${JSON.stringify(mutations)}, opened as ${relPath}`;
        let doc = await open(relPath, text);
        const diagnostics = await checkedDiagnostics(doc, context);
        const at = fc.sample(positionArb(doc), { seed: pick, numRuns: 3 });
        const fixes = await everyRequest(doc, at, diagnostics, context);
        // One quick fix applied as the editor applies it; the server analyses the result like any edit.
        if (fixes.length) {
          const edits = fixes[pick % fixes.length];
          fixesApplied++;
          doc = await change(doc, edits.map((e) => ({ range: e.range, text: e.newText })));
          await checkedDiagnostics(doc, `${context}\nafter applying ${preview(edits)}`);
        }
        await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
        docs.delete(doc.uri);
      }),
      { seed: SEED, numRuns: runs(40) },
    );
    await ask('netpolLens/flowGraph', {}, 'flow graph of the whole fuzzed workspace');
    await stillServes('mutated documents');
  });

  it('random incremental edits (ranges past line ends, CRLF, surrogate pairs, emoji) keep the server in step', async () => {
    const pieces = ['', 'a', '\n', '\r\n', ' ', '  - ', ': ', '#', '---\n', '{', '}', '[', ']', '"', '😀', '\u00e9', '\t', 'podSelector: {}\n', 'port: 53\n', '*a', '&a '];
    const editArb = fc.record({
      from: fc.nat(),
      length: fc.nat({ max: 30 }),
      text: fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join('')),
      pastEnd: fc.boolean(),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 12 }), async (i, edits) => {
        const relPath = `fuzz/typed-${n++}.yaml`;
        let doc = await open(relPath, files[names[i]]);
        for (const e of edits) {
          const length = doc.getText().length;
          const start = doc.positionAt(length ? e.from % (length + 1) : 0);
          let end = doc.positionAt(doc.offsetAt(start) + e.length);
          // LSP clamps a character past the end of its line: editors send such ranges, the server must too.
          if (e.pastEnd) end = { line: end.line, character: end.character + 50 };
          doc = await change(doc, [{ range: { start, end }, text: e.text }]);
        }
        const context = `${rel(names[i])} edited by ${JSON.stringify(edits)}`;
        const diagnostics = await checkedDiagnostics(doc, context);
        await everyRequest(doc, [doc.positionAt(Math.floor(doc.getText().length / 2))], diagnostics, context);
        await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
        docs.delete(doc.uri);
      }),
      { seed: SEED + 1, numRuns: runs(40) },
    );
    await stillServes('random incremental edits');
  });

  it('garbage parameters for every request are answered (an error is fine), and the server keeps serving', async () => {
    const methods = [
      'textDocument/hover',
      'textDocument/completion',
      'textDocument/definition',
      'textDocument/references',
      'textDocument/codeLens',
      'textDocument/codeAction',
      'netpolLens/flowGraph',
      'netpolLens/explainPolicy',
      'textDocument/documentSymbol',
      'netpolLens/noSuchRequest',
    ];
    const uri = server.uri('payments/policies/api.yaml');
    const shaped = fc.record(
      {
        textDocument: fc.oneof(fc.constant({ uri }), fc.record({ uri: fc.oneof(fc.string(), fc.constant('file:///etc/passwd'), fc.constant('untitled:x')) }), fc.anything()),
        position: fc.oneof(fc.record({ line: fc.integer(), character: fc.integer() }), fc.anything()),
        range: fc.anything(),
        context: fc.anything(),
        uri: fc.oneof(fc.constant(uri), fc.anything()),
        namespaces: fc.anything(),
        policy: fc.anything(),
        workload: fc.anything(),
        maxNodes: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    let failedAnswers = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.oneof(shaped, fc.anything()), async (method, params) => {
        const answer = await server.request(method, params);
        if ('error' in answer && (answer.error.code === REQUEST_FAILED || answer.error.code === INTERNAL_ERROR)) failedAnswers++;
        assert.ok(server.alive, server.postmortem());
      }),
      { seed: SEED + 2, numRuns: runs(300) },
    );
    await stillServes('garbage requests');
    // A handler that throws is logged with its name and answered with RequestFailed (the guard, exercised).
    const thrown = await server.request('textDocument/hover', { textDocument: null, position: null });
    assert.ok('error' in thrown && thrown.error.code === REQUEST_FAILED, `a hover without a document is answered with RequestFailed: ${preview(thrown)}`);
    assert.ok(server.logs.some((l) => /^hover failed/.test(l)), 'the failure is logged');
    assert.ok(failedAnswers >= 0);
  });

  it('garbage notifications and settings do not stop the server, and it still analyses edits afterwards', async () => {
    const notifications = [
      'textDocument/didOpen',
      'textDocument/didChange',
      'textDocument/didClose',
      'textDocument/didSave',
      'workspace/didChangeWatchedFiles',
      'workspace/didChangeConfiguration',
      'workspace/didChangeWorkspaceFolders',
      '$/cancelRequest',
      '$/setTrace',
    ];
    const uri = server.uri('payments/policies/api.yaml');
    const params = fc.oneof(
      fc.anything(),
      fc.record({ textDocument: fc.record({ uri: fc.constantFrom(uri, 'untitled:z', 'file:///'), version: fc.integer(), text: fc.anything(), languageId: fc.anything() }) }),
      fc.record({ textDocument: fc.record({ uri: fc.constant(uri), version: fc.integer() }), contentChanges: fc.anything() }),
      fc.record({ changes: fc.array(fc.record({ uri: fc.oneof(fc.constant(uri), fc.string()), type: fc.integer({ min: -1, max: 5 }) })) }),
      fc.record({ settings: fc.record({ netpolLens: fc.anything() }) }),
      fc.record({ event: fc.record({ added: fc.anything(), removed: fc.anything() }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...notifications), params, async (method, p) => {
        await server.send(method, p);
        assert.ok(server.alive, server.postmortem());
      }),
      { seed: SEED + 3, numRuns: runs(300) },
    );
    // Settings of every wrong type, pulled through workspace/configuration.
    for (const settings of [
      null,
      42,
      'x',
      { include: 5, exclude: {}, severities: 'all', engine: { x: 1 }, dns: [], defaultNamespace: 7, maxFileSizeMB: -1 },
      JSON.parse('{"maxFileSizeMB": 1e308, "include": ["["], "exclude": ["**/{"], "severities": {"forgotten-dns": "loud", "__proto__": {"x": 1}}}'),
      { maxFileSizeMB: 0, include: ['../../**/*.yaml', '/etc/**'], dns: { namespace: '', podLabels: { '': '' } } },
    ]) {
      server.settings = settings;
      await server.send('workspace/didChangeConfiguration', { settings: { netpolLens: settings } });
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(server.alive, `settings ${preview(settings)}: ${server.postmortem()}`);
    }
    server.settings = {};
    await server.send('workspace/didChangeConfiguration', { settings: { netpolLens: {} } });
    // The settings above were sent 100 ms apart, and the server pulls each change: pulls can overlap, so whether the
    // last one re-indexes depends on timing. Wait until it is ready and has stayed so for a moment.
    let quietSince = Date.now();
    let seen = server.statuses.length;
    await server.until('the index to settle after the settings returned to normal', () => {
      if (server.statuses.length !== seen) [seen, quietSince] = [server.statuses.length, Date.now()];
      return server.statuses[seen - 1]?.state === 'ready' && Date.now() - quietSince > 1500 ? true : undefined;
    });
    await stillServes('garbage notifications and settings');
    assert.ok(!/uncaught exception|unhandled rejection/i.test(server.logs.join('\n') + server.stderr), `a fault escaped the handlers:\n${server.postmortem()}`);
  });

  it('hovers and explanations of objects with Markdown and HTML in their names load nothing and link only to files', async () => {
    const evil = [
      '![x](https://evil.invalid/a.png)',
      '<img src=https://evil.invalid/b.png>',
      '[click](javascript:alert(1))',
      'x` ![y](https://evil.invalid/c.png) `y',
      '``![z](https://evil.invalid/d.png)``',
      '\\![w](https://evil.invalid/e.png)',
      '[a]: https://evil.invalid/ref.png',
      '<https://evil.invalid/auto>',
      'line\n\n![n](https://evil.invalid/n.png)',
      'tab\t<b>bold</b>',
    ];
    const q = (v: string): string => JSON.stringify(v);
    const manifests: string[] = [];
    evil.forEach((name) => {
      manifests.push(
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${q(name)}\n  labels: {team: ${q(name)}}`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${q(name)}\n  namespace: ${q(name)}\nspec:\n  template:\n    metadata:\n      labels: {app: ${q(name)}, ${q(name)}: x}\n    spec:\n      containers: [{name: ${q(name)}, ports: [{containerPort: 80, name: ${q(name)}}]}]`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${q(name)}\n  namespace: ${q(name)}\nspec:\n  podSelector:\n    matchLabels: {app: ${q(name)}}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: ${q(name)}}}\n          podSelector: {matchExpressions: [{key: ${q(name)}, operator: In, values: [${q(name)}]}]}\n      ports: [{port: ${q(name)}}]\n  egress:\n    - to: [{ipBlock: {cidr: ${q(name)}}}]\n  policyTypes: [Ingress, Egress]`,
      );
    });
    const doc = await open('fuzz/markdown-names.yaml', manifests.join('\n---\n') + '\n');
    await checkedDiagnostics(doc, 'objects named with Markdown');
    // Policy test cases named and aimed with the same strings; hovered below like the manifests.
    const cases = evil.flatMap((name) => [
      `  - {name: ${q(name)}, from: ${q(`${name}/${name}`)}, to: {namespace: ${q(name)}, podSelector: {matchLabels: {app: ${q(name)}}}}, port: ${q(name)}, expect: allow}`,
      `  - {name: ${q(name)}, from: {namespaceSelector: {matchLabels: {team: ${q(name)}}}}, to: {cidr: ${q(name)}}, ports: [80, {port: 53, protocol: UDP}], expect: deny}`,
    ]);
    const testDoc = await open('fuzz/markdown-names.netpol-test.yaml', `tests:\n${cases.join('\n')}\n`);
    await checkedDiagnostics(testDoc, 'policy tests named with Markdown');
    const markdowns: string[] = [];
    for (let offset = 0; offset < testDoc.getText().length; offset += 5) {
      const hover = (await ask('textDocument/hover', { textDocument: { uri: testDoc.uri }, position: testDoc.positionAt(offset) }, `test hover at ${offset}`)) as { contents: { value: string } } | null;
      if (hover) markdowns.push(hover.contents.value);
    }
    await server.send('textDocument/didClose', { textDocument: { uri: testDoc.uri } });
    docs.delete(testDoc.uri);
    const text = doc.getText();
    // A hover on every word of the file, and the explanation of every policy.
    for (let offset = 0; offset < text.length; offset += 7) {
      const position = doc.positionAt(offset);
      const hover = (await ask('textDocument/hover', { textDocument: { uri: doc.uri }, position }, `hover at ${offset}`)) as { contents: { value: string } } | null;
      if (hover) markdowns.push(hover.contents.value);
      if (offset % 35 === 0) {
        const explained = (await ask('netpolLens/explainPolicy', { uri: doc.uri, position }, `explain at ${offset}`)) as { markdown: string | null };
        if (explained.markdown) markdowns.push(explained.markdown);
      }
    }
    assert.ok(markdowns.length > 20, `hovers answered: ${markdowns.length}`);
    const problems = new Set<string>();
    for (const markdown of markdowns) {
      // What a Markdown renderer would act on, once code spans (which end at a blank line) and escaped characters are
      // taken out.
      const active = markdown.replace(/(`+)(?:(?!\n\s*\n)[\s\S])*?\1/g, '').replace(/\\[\\`*_{}[\]()#+\-.!<>|~]/g, '');
      const line = (pattern: RegExp): string => active.split('\n').find((l) => pattern.test(l)) ?? '';
      if (/!\[/.test(active)) problems.add(`an image: ${line(/!\[/)}`);
      if (/<[A-Za-z!/?]/.test(active)) problems.add(`raw HTML: ${line(/<[A-Za-z!/?]/)}`);
      if (/^\s*\[[^\]]*\]:/m.test(active)) problems.add(`a link reference definition: ${line(/^\s*\[[^\]]*\]:/)}`);
      for (const [, target] of active.matchAll(/\]\(([^)\s]*)/g)) {
        if (!/^(file:|https:\/\/github\.com\/netpol-lens\/|command:netpolLens\.)/.test(target)) problems.add(`a link to ${target}: ${line(/\]\(/)}`);
      }
    }
    assert.deepEqual([...problems], [], 'hovers and explanations must show names as text');
    await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
    docs.delete(doc.uri);
  });

  it('no code action edits a document with YAML errors (a comment or policyTypes line there changed what the file meant)', async () => {
    const valid = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: app\nspec:\n  podSelector: {}\n  egress: []\n';
    // `kind:` cut short and a stray character: the parser gives up after line 2 and the rest lies in no document.
    const broken = valid.replace('kind: NetworkPolicy\nmetadata:\n', 'kind: Netw\n').replace('  podSelector', 'x  podSelector');
    const titlesAt = async (relPath: string, text: string): Promise<string[]> => {
      const doc = await open(relPath, text);
      const diagnostics = await checkedDiagnostics(doc, relPath);
      const titles: string[] = [];
      for (let line = 0; line < doc.lineCount; line++) {
        const range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
        const actions = (await ask('textDocument/codeAction', { textDocument: { uri: doc.uri }, range, context: { diagnostics } }, relPath)) as CodeAction[];
        titles.push(...actions.map((a) => a.title));
      }
      await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
      docs.delete(doc.uri);
      return titles;
    };
    const inBroken = await titlesAt('regress/broken-actions.yaml', broken);
    assert.ok(inBroken.some((t) => /^Disable yaml-syntax for this file$/.test(t)), `the file-wide comment is still offered: ${inBroken.join(', ')}`);
    assert.deepEqual(inBroken.filter((t) => /for this line$|to policyTypes$/.test(t)), []);
    const inValid = await titlesAt('regress/valid-actions.yaml', valid);
    assert.ok(inValid.some((t) => /for this line$/.test(t)) && inValid.some((t) => /to policyTypes$/.test(t)), `offered in a readable file: ${inValid.join(', ')}`);
  });

  it('a didOpen whose text is not a string is ignored (it stopped every later analysis)', async () => {
    for (const text of [42, null, { a: 1 }, ['x']]) {
      await server.send('textDocument/didOpen', { textDocument: { uri: server.uri('regress/not-text.yaml'), languageId: 'yaml', version: 1, text } });
      await server.send('textDocument/didClose', { textDocument: { uri: server.uri('regress/not-text.yaml') } });
    }
    await stillServes('didOpen with text that is not a string');
    assert.ok(!server.logs.some((l) => /analysis failed/.test(l)), server.postmortem());
  });

  it('a document edited while the include globs left it out is analysed with its current text once included again', async () => {
    const waitReady = async (what: string, settings: unknown): Promise<void> => {
      const seen = server.statuses.length;
      server.settings = settings;
      await server.send('workspace/didChangeConfiguration', { settings: { netpolLens: settings } });
      await server.until(what, () => (server.statuses.length > seen + 1 && server.statuses[server.statuses.length - 1].state === 'ready' ? true : undefined));
    };
    let doc = await open('regress/stale.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stale\n');
    assert.deepEqual((await server.diagnosticsAt(doc.uri, doc.version)).diagnostics, []);
    await waitReady('the index without regress/', { include: ['payments/**/*.yaml'] });
    doc = await change(doc, [{ text: 'apiVersion: v1\nkind: Namespace\nmetadata: [\n' }]);
    await waitReady('the index with regress/ again', {});
    const published = await server.diagnosticsAt(doc.uri, doc.version);
    assert.ok(published.diagnostics.some((d) => d.code === 'yaml-syntax'), `the edit made while excluded is analysed: ${preview(published)}`);
    await server.send('textDocument/didClose', { textDocument: { uri: doc.uri } });
    docs.delete(doc.uri);
  });

  it('stays under its heap cap and exits cleanly on shutdown', async () => {
    assert.ok(server.alive, server.postmortem());
    const answer = await server.request('shutdown', null, CASE_LIMIT_MS);
    assert.ok('result' in answer);
    await server.send('exit', null);
    await server.until('the process to exit', () => server.exit);
    assert.equal(server.exit?.code, 0, server.postmortem());
  });
});
