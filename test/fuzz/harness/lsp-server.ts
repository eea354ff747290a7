// The language server under fuzzing: server/src/server.ts bundled by esbuild into out/fuzz/server.js (this suite's own
// copy, so that a concurrent `npm run build` cannot swap it mid-run), started over --stdio with a capped heap, and
// driven by a JSON-RPC client that answers the server's requests as an editor would, keeps what it publishes, and
// bounds every request in time.
import { ChildProcess, spawn } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { StatusNotification, StatusParams } from '../../../server/src/protocol';
import { CASE_LIMIT_MS, HEAP_LIMIT_MB, ROOT } from './core-runner';

export const SERVER_BUNDLE = path.join(ROOT, 'out', 'fuzz', 'server.js');

let built = false;
export function buildServer(): void {
  if (built) return;
  esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'server/src/server.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  built = true;
}

export type Answer = { result: unknown } | { error: { code: number; message: string } };

export class FuzzedServer {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  settings: unknown = {};
  stderr = '';
  exit?: { code: number | null; signal: string | null };
  private listeners: (() => void)[] = [];

  constructor(readonly folder: string) {
    buildServer();
    this.proc = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-100_000)));
    this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.notify();
    });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => (params?.items ?? []).map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.notify();
    });
    this.conn.onNotification(StatusNotification, (p: StatusParams) => {
      this.statuses.push(p);
      this.notify();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      if (this.logs.length > 5000) this.logs.splice(0, 1000);
      this.notify();
    });
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  uri(rel: string): string {
    return URI.file(path.join(this.folder, rel)).toString();
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** What went wrong with the process, for failure messages. */
  postmortem(): string {
    const how = this.exit ? `the server exited (code ${this.exit.code}, signal ${this.exit.signal})` : 'the server is alive';
    return `${how}\n--- last log lines ---\n${this.logs.slice(-(Number(process.env.FUZZ_LOG_LINES) || 15)).join('\n')}\n--- stderr ---\n${this.stderr.slice(-3000)}`;
  }

  async initialize(initializationOptions: Record<string, unknown> = {}): Promise<void> {
    const folder = URI.file(this.folder).toString();
    await this.request('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(this.folder) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } },
        },
      },
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
  }

  /**
   * Sends a request and waits at most `limitMs` for the answer. A missing answer or a dead server throws, naming the
   * request; an LSP error is an answer (the caller decides whether it was acceptable).
   */
  async request(method: string, params: unknown, limitMs = CASE_LIMIT_MS): Promise<Answer> {
    if (!this.alive) throw new Error(`${method}: ${this.postmortem()}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} got no answer within ${limitMs} ms (params ${preview(params)})\n${this.postmortem()}`)), limitMs);
    });
    let settled = false;
    const died = new Promise<never>((_, reject) => {
      const check = (): void => {
        if (settled) return;
        if (!this.alive) reject(new Error(`${method} (params ${preview(params)}): ${this.postmortem()}`));
        else this.listeners.push(check);
      };
      check();
    });
    try {
      const result = await Promise.race([this.conn.sendRequest(method, params), timeout, died]);
      return { result };
    } catch (error) {
      const e = error as { code?: unknown; message?: string };
      if (typeof e.code === 'number') return { error: { code: e.code, message: e.message ?? '' } };
      throw error;
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  }

  async send(method: string, params: unknown): Promise<void> {
    if (!this.alive) throw new Error(`${method}: ${this.postmortem()}`);
    await this.conn.sendNotification(method, params);
  }

  /** Resolves once `check` returns a value (checked after every message from the server); throws after `limitMs`. */
  async until<T>(what: string, check: () => T | undefined, limitMs = CASE_LIMIT_MS): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (!this.alive) throw new Error(`while waiting for ${what}: ${this.postmortem()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} did not come within ${limitMs} ms\n${this.postmortem()}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.listeners.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The diagnostics published for `uri` at document version `version`. */
  diagnosticsAt(uri: string, version: number, limitMs = CASE_LIMIT_MS): Promise<PublishDiagnosticsParams> {
    return this.until(`diagnostics of ${uri} version ${version}`, () => {
      const p = this.diagnostics.get(uri);
      return p && p.version === version ? p : undefined;
    }, limitMs);
  }

  /** Resident memory of the server process in MB (Linux), for the report. */
  rssMb(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
      return kb ? Math.round(Number(kb) / 1024) : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await this.conn.sendNotification('exit');
      } catch {
        // gone already
      }
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      if (this.alive) this.proc.kill();
    }
    this.conn.dispose();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}

export function preview(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
