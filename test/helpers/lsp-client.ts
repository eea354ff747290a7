// The editor's side of the language server for the tests (test/lsp) and the fuzzer (test/fuzz): spawns a bundled
// server over --stdio, answers its requests as an editor would, keeps what it publishes (diagnostics, status, log
// messages) and waits for what a test expects, failing with what the server last said.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  ClientCapabilities,
  createProtocolConnection,
  InitializeParams,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { StatusNotification, StatusParams } from '../../server/src/protocol';

/** What an editor declares (the fuzzer's client as is; the tests' client adds code lens refreshes, completion and code descriptions). */
export const EDITOR_CAPABILITIES = {
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
} satisfies ClientCapabilities;

export interface ServerProcessOptions<Settings> {
  /** The workspace folder the server is started on. */
  folder: string;
  /** The bundled server (out/server.js or a suite's own copy). */
  script: string;
  /** Node options before the script (a heap cap). */
  nodeArgs?: string[];
  /** What workspace/configuration answers, until a test changes it. */
  settings: Settings;
  /** How long `until` waits by default. */
  waitLimitMs: number;
  /** How much stderr (characters) and how many log messages to keep; everything when not given. */
  keepStderr?: number;
  keepLogs?: number;
}

export class LspTestClient<Settings = unknown> {
  readonly folder: string;
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  settings: Settings;
  stderr = '';
  exit?: { code: number | null; signal: string | null };
  private readonly waitLimitMs: number;
  private waiters: (() => void)[] = [];

  constructor(options: ServerProcessOptions<Settings>) {
    this.folder = options.folder;
    this.settings = options.settings;
    this.waitLimitMs = options.waitLimitMs;
    const keepStderr = options.keepStderr ?? Infinity;
    this.proc = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (d: string) => {
      this.stderr += d;
      if (this.stderr.length > keepStderr) this.stderr = this.stderr.slice(-keepStderr);
    });
    this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.wake();
    });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => (params?.items ?? []).map(() => this.settings));
    this.conn.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...(params?.registrations ?? []));
      return null;
    });
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.wake();
    });
    this.conn.onNotification(StatusNotification, (p: StatusParams) => {
      this.statuses.push(p);
      this.wake();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      // Trimmed a fifth at a time, so that a chatty server does not cost a splice per message.
      if (options.keepLogs !== undefined && this.logs.length > options.keepLogs) this.logs.splice(0, Math.ceil(options.keepLogs / 5));
      this.wake();
    });
    this.conn.listen();
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get exited(): boolean {
    return !this.alive;
  }

  uri(rel: string): string {
    return URI.file(path.join(this.folder, rel)).toString();
  }

  /** What went wrong with the process, for failure messages: how it ended, its last log lines and stderr. */
  postmortem(logLines = 10): string {
    const how = this.exit ? `the server exited (code ${this.exit.code}, signal ${this.exit.signal})` : 'the server is alive';
    return `${how}\n--- last log lines ---\n${this.logs.slice(-logLines).join('\n')}\n--- stderr ---\n${this.stderr.slice(-3000)}`;
  }

  /** The initialize request's parameters for this folder. */
  protected initializeParams(capabilities: ClientCapabilities, initializationOptions: unknown): InitializeParams {
    const folder = URI.file(this.folder).toString();
    return {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(this.folder) }],
      capabilities,
      initializationOptions,
    };
  }

  /** Resolves once `check` returns something other than undefined (checked after every message); rejects after `limitMs` or when the server exits. */
  async until<T>(what: string, check: () => T | undefined, limitMs = this.waitLimitMs): Promise<T> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (!this.alive) throw new Error(`while waiting for ${what}: ${this.postmortem()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} did not come within ${limitMs} ms\n${this.postmortem()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.afterNextMessage(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Shutdown and exit, as an editor closes; killed when it does not go within a few seconds. */
  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        await this.conn.sendNotification('exit');
      } catch {
        // the process may be gone already
      }
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      if (this.alive) this.proc.kill();
    }
    this.conn.dispose();
  }

  /** Calls `callback` once, after the next message from the server or when it exits. */
  protected afterNextMessage(callback: () => void): void {
    this.waiters.push(callback);
  }

  /** Calls back everything waiting for a message (after each message, and on exit). */
  protected wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
