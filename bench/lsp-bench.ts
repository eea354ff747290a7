// Measurements through the real language server: spawn `node out/server.js --stdio`, speak LSP to it as an editor
// would, and time what the user waits for (diagnostics after a keystroke, hovers, the flow graph).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LineIndex } from '../server/src/core';
import { DEFAULT_SETTINGS, FlowGraph, FlowGraphRequest, StatusNotification, StatusParams } from '../server/src/protocol';
import type { Probes, TextEdit } from './probes';

export interface LspOptions {
  serverPath: string;
  workspaceDir: string;
  /** Fresh server processes to time the full index (the last one goes on to the edit measurements). */
  indexRuns: number;
  editRuns: number;
  hoverRuns: number;
  flowRuns: number;
  /** Sent as initializationOptions. */
  initializationOptions?: unknown;
  /** Pause between edits, as between keystrokes (ms). */
  gapMs: number;
  /** Extra node flags for the server (e.g. --cpu-prof). */
  nodeArgs: string[];
  /** Per-wait timeout (ms). */
  timeoutMs: number;
  /** Stop after the index (to profile it alone). */
  indexOnly?: boolean;
  /** Measures the parse floor in this process; run before each server index, so that both see the same machine load. */
  floor?: () => { wall: number; cpu: number };
}

export interface LspResults {
  /** The parse floor measured just before each index run (wall and CPU time), when LspOptions.floor is given. */
  floor: number[];
  floorCpu: number[];
  /** initialize → the open policy's diagnostics published after the server reported `ready`. */
  index: number[];
  /** indexMs the server reported in its status notification. */
  indexReported: number[];
  /** The server's own account of each index ("Indexed … in … ms (read and parsed in …, analysed in …)"). */
  indexLogs: string[];
  /** CPU time of every server thread from spawn to the first diagnostics (less sensitive to machine load than wall time). */
  indexCpu: number[];
  /** … of its main thread alone (the rest is V8's GC helpers and libuv's I/O threads). */
  indexMainCpu: number[];
  keystroke: number[];
  /** Per keystroke: the server main thread's CPU time, and its time waiting for a CPU (other processes' share). */
  keystrokeCpu: number[];
  keystrokeWait: number[];
  crossFile: number[];
  crossFileCpu: number[];
  crossFileWait: number[];
  hover: number[];
  /** Characters of hover Markdown returned (0: the server had nothing to say there). */
  hoverChars: number;
  flowWorkspace: number[];
  flowNamespace: number[];
  flowSizes: { workspace: string; namespace: string };
  rssAfterIndex: number;
  rssEnd: number;
  rssPeak: number;
  /** RSS after each phase (index, keystrokes, hovers, cross-file edits, flow graphs, at rest), to see what grows it. */
  rssByPhase: Record<string, number>;
  /** How long the server took to come to rest after the last request (complete pass, garbage collection). */
  restMs: number;
  textDocumentSync: string;
  /** Notifications of diagnostics received during the whole session. */
  publishCount: number;
  stderrTail: string;
}

interface PublishEvent {
  uri: string;
  version?: number;
  count: number;
  at: number;
}

/** RSS and peak RSS of a process, in bytes, from /proc (Linux). */
export function processMemory(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/**
 * Scheduler statistics of a process, in milliseconds (Linux /proc/<pid>/task/<tid>/schedstat): time on a CPU and
 * time runnable but waiting for one, for the main thread (where JavaScript runs) and summed over every thread (GC
 * and I/O helpers included). On a loaded machine, the wait says how much of a wall time other processes took.
 */
export interface SchedStat {
  mainCpu: number;
  mainWait: number;
  allCpu: number;
}

export function schedStat(pid: number): SchedStat {
  const read = (tid: string): [number, number] => {
    const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return [cpu / 1e6, wait / 1e6];
  };
  try {
    const [mainCpu, mainWait] = read(String(pid));
    let allCpu = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        allCpu += read(tid)[0];
      } catch {
        // a thread that just ended
      }
    }
    return { mainCpu, mainWait, allCpu };
  } catch {
    return { mainCpu: NaN, mainWait: NaN, allCpu: NaN };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One language server process and the client side of its connection. */
class Session {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly publishes: PublishEvent[] = [];
  readonly statuses: { params: StatusParams; at: number }[] = [];
  /** The server's log lines (window/logMessage). */
  readonly logs: string[] = [];
  private waiters: (() => void)[] = [];
  private stderr = '';
  private exited = false;
  initResult?: InitializeResult;

  constructor(readonly opts: LspOptions) {
    this.proc = spawn(process.execPath, [...opts.nodeArgs, opts.serverPath, '--stdio'], {
      cwd: path.dirname(path.dirname(opts.serverPath)),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.proc.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    const folder = URI.file(opts.workspaceDir).toString();
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'netpolLens' || item.section === undefined ? DEFAULT_SETTINGS : null)),
    );
    this.conn.onRequest('workspace/workspaceFolders', () => [{ uri: folder, name: path.basename(opts.workspaceDir) }]);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.conn.onRequest('workspace/semanticTokens/refresh', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
      this.publishes.push({ uri: normalizeUri(p.uri), version: p.version, count: p.diagnostics.length, at: performance.now() });
      this.wake();
    });
    this.conn.onNotification(StatusNotification, (p: StatusParams) => {
      this.statuses.push({ params: p, at: performance.now() });
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      if (this.logs.length < 1000) this.logs.push(p.message);
    });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => {
      this.stderr = (this.stderr + `\n[showMessage] ${p.message}`).slice(-4000);
    });
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves with the time the condition became true (checked after every message), or rejects at the timeout. */
  async until<T>(what: string, check: () => T | undefined, timeoutMs = this.opts.timeoutMs): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (this.exited) throw new Error(`server exited while waiting for ${what}\n${this.stderrTail()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.stderrTail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  stderrTail(): string {
    return this.stderr.trim() ? `server stderr:\n${this.stderr.trim()}` : '(no server stderr)';
  }

  /** The first publish for `uri` at or after `since` (and, when the server reports versions, of at least `version`). */
  publishFor(uri: string, since: number, version?: number): PublishEvent | undefined {
    let found: PublishEvent | undefined;
    for (let i = this.publishes.length - 1; i >= 0 && this.publishes[i].at >= since; i--) {
      const p = this.publishes[i];
      if (p.uri !== uri) continue;
      if (version !== undefined && p.version !== undefined && p.version < version) continue;
      found = p;
    }
    return found;
  }

  /** Waits until no diagnostics arrive for `quietMs` (so that one measurement's tail does not leak into the next). */
  async settle(quietMs: number, maxMs = 10_000): Promise<void> {
    const start = performance.now();
    for (;;) {
      const last = this.publishes.length ? this.publishes[this.publishes.length - 1].at : 0;
      const quietFor = performance.now() - last;
      if (quietFor >= quietMs || performance.now() - start > maxMs) return;
      await sleep(quietMs - quietFor + 1);
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.conn.sendRequest(ShutdownRequest.type), sleep(5000)]);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // the server is going away anyway
    }
    const deadline = performance.now() + 5000;
    while (!this.exited && performance.now() < deadline) await sleep(20);
    if (!this.exited) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}

function normalizeUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

function uriOf(file: string): string {
  return URI.file(file).toString();
}

class Document {
  version = 1;
  readonly uri: string;
  text: string;
  constructor(readonly file: string, text: string) {
    this.uri = uriOf(file);
    this.text = text;
  }
}

function syncKind(init: InitializeResult | undefined): TextDocumentSyncKind {
  const sync = init?.capabilities.textDocumentSync;
  if (sync === undefined) return TextDocumentSyncKind.None;
  if (typeof sync === 'number') return sync;
  return sync.change ?? TextDocumentSyncKind.None;
}

async function open(s: Session, doc: Document): Promise<void> {
  await s.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: doc.uri, languageId: 'yaml', version: doc.version, text: doc.text },
  });
}

/** Applies a one-character edit (or its undo) and sends it as the server asked: whole text or incremental. */
async function change(s: Session, doc: Document, edit: TextEdit, apply: boolean): Promise<number> {
  const next = apply ? edit.after : edit.before;
  const index = new LineIndex(doc.text);
  const start = index.position(edit.offset);
  const end = index.position(edit.offset + 1);
  doc.text = next;
  doc.version++;
  const changes: TextDocumentContentChangeEvent[] =
    syncKind(s.initResult) === TextDocumentSyncKind.Incremental
      ? [{ range: { start, end }, text: apply ? edit.edited : edit.original }]
      : [{ text: next }];
  const sent = performance.now();
  await s.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: doc.uri, version: doc.version },
    contentChanges: changes,
  });
  return sent;
}

async function startAndIndex(
  opts: LspOptions,
  probes: Probes,
): Promise<{ s: Session; policyDoc: Document; indexMs: number; indexCpu: number; indexMainCpu: number; reported?: number }> {
  const s = new Session(opts);
  const folder = URI.file(opts.workspaceDir).toString();
  const t0 = performance.now();
  s.initResult = await s.conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: path.basename(opts.workspaceDir) }],
    initializationOptions: opts.initializationOptions,
    capabilities: {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      window: { workDoneProgress: true },
    },
  });
  await s.conn.sendNotification(InitializedNotification.type, {});
  // As when VS Code starts with the policy open in an editor.
  const policyDoc = new Document(probes.policyEdit.file, probes.policyEdit.before);
  await open(s, policyDoc);
  const ready = await s.until('the server to report ready', () => s.statuses.find((st) => st.params.state === 'ready'), Math.max(opts.timeoutMs, 600_000));
  const first = await s.until("the open policy's diagnostics after the index", () => s.publishFor(policyDoc.uri, ready.at) ?? lastBefore(s, policyDoc.uri, ready.at));
  const cpu = schedStat(s.proc.pid!);
  return { s, policyDoc, indexMs: Math.max(first.at, ready.at) - t0, indexCpu: cpu.allCpu, indexMainCpu: cpu.mainCpu, reported: ready.params.indexMs };
}

/**
 * A server may publish the open document's diagnostics once, at the end of the index, just before it reports
 * ready: that publish counts too, if it came after every file was read.
 */
function lastBefore(s: Session, uri: string, readyAt: number): PublishEvent | undefined {
  const before = s.publishes.filter((p) => p.uri === uri && p.at <= readyAt);
  if (!before.length) return undefined;
  const last = before[before.length - 1];
  return readyAt - last.at < 1000 ? last : undefined;
}

/** How long the benchmark leaves the server idle before reading its RSS at rest. */
const REST_MS = 8000;

/** Waits until the process's main thread has used (almost) no CPU for a second; returns how long that took. */
async function untilIdle(pid: number, maxMs: number): Promise<number> {
  const started = performance.now();
  const samples: { at: number; cpu: number }[] = [];
  while (performance.now() - started < maxMs) {
    const now = { at: performance.now(), cpu: schedStat(pid).mainCpu };
    samples.push(now);
    const secondAgo = samples.filter((x) => x.at <= now.at - 1000).pop();
    if (secondAgo && now.cpu - secondAgo.cpu < 5) break;
    await sleep(100);
  }
  return performance.now() - started;
}

export async function runLspBench(probes: Probes, opts: LspOptions, log: (s: string) => void = () => undefined): Promise<LspResults> {
  const r: LspResults = {
    floor: [], floorCpu: [], index: [], indexReported: [], indexLogs: [], indexCpu: [], indexMainCpu: [], keystroke: [], keystrokeCpu: [], keystrokeWait: [],
    crossFile: [], crossFileCpu: [], crossFileWait: [], hover: [], hoverChars: 0,
    flowWorkspace: [], flowNamespace: [], flowSizes: { workspace: '', namespace: '' },
    rssAfterIndex: NaN, rssEnd: NaN, rssPeak: NaN, rssByPhase: {}, restMs: NaN, textDocumentSync: '', publishCount: 0, stderrTail: '',
  };
  let session: { s: Session; policyDoc: Document } | undefined;
  for (let i = 0; i < opts.indexRuns; i++) {
    if (session) await session.s.close();
    if (opts.floor) {
      const floor = opts.floor();
      r.floor.push(floor.wall);
      r.floorCpu.push(floor.cpu);
    }
    const started = await startAndIndex(opts, probes);
    r.index.push(started.indexMs);
    r.indexCpu.push(started.indexCpu);
    r.indexMainCpu.push(started.indexMainCpu);
    const line = started.s.logs.find((l) => l.startsWith('Indexed '));
    if (line) r.indexLogs.push(line);
    if (started.reported !== undefined) r.indexReported.push(started.reported);
    session = started;
    log(`  server index ${i + 1}/${opts.indexRuns}: ${started.indexMs.toFixed(0)} ms`);
  }
  const { s, policyDoc } = session!;
  try {
    r.textDocumentSync = ['None', 'Full', 'Incremental'][syncKind(s.initResult)] ?? String(syncKind(s.initResult));
    await s.settle(300);
    r.rssAfterIndex = processMemory(s.proc.pid!).rss;
    const phase = (name: string): void => {
      r.rssByPhase[name] = processMemory(s.proc.pid!).rss;
    };
    phase('index');
    if (opts.indexOnly) {
      r.publishCount = s.publishes.length;
      const mem = processMemory(s.proc.pid!);
      r.rssEnd = mem.rss;
      r.rssPeak = mem.peak;
      return r;
    }

    // Keystrokes in the open policy: each toggles its podSelector between matching and matching nothing.
    for (let i = 0; i < opts.editRuns; i++) {
      const before = schedStat(s.proc.pid!);
      const sent = await change(s, policyDoc, probes.policyEdit, i % 2 === 0);
      const got = await s.until(`diagnostics of ${policyDoc.file} v${policyDoc.version}`, () => s.publishFor(policyDoc.uri, sent, policyDoc.version));
      const after = schedStat(s.proc.pid!);
      r.keystroke.push(got.at - sent);
      r.keystrokeCpu.push(after.mainCpu - before.mainCpu);
      r.keystrokeWait.push(after.mainWait - before.mainWait);
      await sleep(opts.gapMs);
      await s.settle(opts.gapMs);
    }
    if (policyDoc.text !== probes.policyEdit.before) {
      const sent = await change(s, policyDoc, probes.policyEdit, false);
      await s.until('the policy to be restored', () => s.publishFor(policyDoc.uri, sent, policyDoc.version));
    }
    log(`  keystrokes: ${r.keystroke.length}`);
    phase('keystrokes');

    // Hovers on the podSelector label value.
    const pos = new LineIndex(policyDoc.text).position(probes.hoverOffset);
    for (let i = 0; i < opts.hoverRuns; i++) {
      const t0 = performance.now();
      const hover = await s.conn.sendRequest(HoverRequest.type, { textDocument: { uri: policyDoc.uri }, position: pos });
      r.hover.push(performance.now() - t0);
      if (i === 0) r.hoverChars = hoverText(hover?.contents).length;
    }
    log(`  hovers: ${r.hover.length}`);
    phase('hovers');

    // Workload label edits: the dependent policy files are open in other editors, as a user checking them would.
    const workloadDoc = new Document(probes.workloadEdit.file, probes.workloadEdit.before);
    const dependentDocs = probes.dependents.filter((f) => f !== policyDoc.file).map((f) => new Document(f, fs.readFileSync(f, 'utf8')));
    const t0 = performance.now();
    for (const d of [workloadDoc, ...dependentDocs]) await open(s, d);
    await s.until('the opened files to be checked', () =>
      [workloadDoc, ...dependentDocs].every((d) => s.publishFor(d.uri, t0)) ? true : undefined,
    ).catch(() => undefined); // a server may not republish an unchanged file on open
    await s.settle(300);
    const dependentUris = probes.dependents.map(uriOf);
    for (let i = 0; i < opts.editRuns; i++) {
      const before = schedStat(s.proc.pid!);
      const sent = await change(s, workloadDoc, probes.workloadEdit, i % 2 === 0);
      const got = await s.until(`diagnostics of the ${dependentUris.length} dependent files`, () => {
        const events = dependentUris.map((u) => s.publishFor(u, sent));
        return events.every((e) => e) ? Math.max(...events.map((e) => e!.at)) : undefined;
      });
      const after = schedStat(s.proc.pid!);
      r.crossFile.push(got - sent);
      r.crossFileCpu.push(after.mainCpu - before.mainCpu);
      r.crossFileWait.push(after.mainWait - before.mainWait);
      await sleep(opts.gapMs);
      await s.settle(opts.gapMs);
    }
    log(`  cross-file edits: ${r.crossFile.length}`);
    phase('cross-file edits');

    // The flow graph: the whole workspace (the server's default node cap) and one namespace.
    for (let i = 0; i < opts.flowRuns; i++) {
      let t = performance.now();
      const all = (await s.conn.sendRequest(FlowGraphRequest, {})) as FlowGraph;
      r.flowWorkspace.push(performance.now() - t);
      t = performance.now();
      const ns = (await s.conn.sendRequest(FlowGraphRequest, { namespaces: [probes.namespace] })) as FlowGraph;
      r.flowNamespace.push(performance.now() - t);
      if (i === 0) {
        r.flowSizes.workspace = `${all.nodes.length} nodes, ${all.edges.length} edges${all.truncated ? ', truncated' : ''}`;
        r.flowSizes.namespace = `${ns.nodes.length} nodes, ${ns.edges.length} edges${ns.truncated ? ', truncated' : ''}`;
      }
    }
    log(`  flow graphs: ${r.flowWorkspace.length}`);
    phase('flow graphs');
    // At rest: once edits pause, the server runs its complete pass and collects garbage; wait until it is idle, then
    // a few seconds more, in which V8's memory reducer gives unused heap pages back.
    r.restMs = await untilIdle(s.proc.pid!, 4 * opts.timeoutMs);
    await sleep(REST_MS);
    phase('at rest');
    const mem = processMemory(s.proc.pid!);
    r.rssEnd = mem.rss;
    r.rssPeak = mem.peak;
    r.publishCount = s.publishes.length;
  } finally {
    r.stderrTail = s.stderrTail();
    await s.close();
  }
  return r;
}

function hoverText(contents: unknown): string {
  if (!contents) return '';
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map(hoverText).join('\n');
  const value = (contents as { value?: unknown }).value;
  return typeof value === 'string' ? value : '';
}
