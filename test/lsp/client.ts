// A real LSP client for the tests: spawns `node out/server.js --stdio` and speaks JSON-RPC to it, keeping what the
// server publishes (diagnostics, status) and answering its requests as an editor would.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ClientCapabilities,
  createProtocolConnection,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { StatusNotification, StatusParams } from '../../server/src/protocol';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'out', 'server.js');

export interface ClientOptions {
  folder: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Leave out capabilities, as a minimal editor would. */
  minimal?: boolean;
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** workspace/codeLens/refresh requests received. */
  codeLensRefreshes = 0;
  settings: Record<string, unknown>;
  stderr = '';
  exited = false;
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  initResult?: InitializeResult;

  constructor(readonly options: ClientOptions) {
    this.settings = options.settings ?? {};
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (d: string) => (this.stderr += d));
    this.proc.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.wake();
      return null;
    });
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
      this.wake();
    });
    this.conn.listen();
  }

  uri(rel: string): string {
    return URI.file(path.join(this.options.folder, rel)).toString();
  }

  async initialize(): Promise<InitializeResult> {
    const folder = URI.file(this.options.folder).toString();
    const capabilities: ClientCapabilities = this.options.minimal
      ? {}
      : ({
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            workspaceEdit: { documentChanges: true },
            codeLens: { refreshSupport: true },
          },
          textDocument: {
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: false } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } },
          },
        } as ClientCapabilities);
    this.initResult = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(this.options.folder) }],
      capabilities,
      initializationOptions: this.options.initializationOptions,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return this.initResult;
  }

  /** Resolves when `check` returns something other than undefined (checked after every message), else rejects. */
  async until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (this.exited) throw new Error(`the server exited while waiting for ${what}\n${this.stderr.slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\n${this.logs.slice(-10).join('\n')}\n${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ready(): Promise<StatusParams> {
    return this.until('the ready status', () => this.statuses.find((s) => s.state === 'ready'), 60_000);
  }

  /** Diagnostics of a file once `check` accepts them. */
  diagnosticsFor(rel: string, check: (d: Diagnostic[]) => boolean, what = `diagnostics of ${rel}`): Promise<Diagnostic[]> {
    const uri = this.uri(rel);
    return this.until(what, () => {
      const p = this.diagnostics.get(uri);
      return p && check(p.diagnostics) ? p.diagnostics : undefined;
    });
  }

  async open(rel: string, text = fs.readFileSync(path.join(this.options.folder, rel), 'utf8'), languageId = 'yaml'): Promise<string> {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async change(rel: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const uri = this.uri(rel);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async replaceAll(rel: string, text: string): Promise<number> {
    return this.change(rel, [{ text }]);
  }

  async close(rel: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(rel) } });
  }

  async fileEvent(rel: string, type: 'created' | 'changed' | 'deleted'): Promise<void> {
    const t = type === 'created' ? FileChangeType.Created : type === 'changed' ? FileChangeType.Changed : FileChangeType.Deleted;
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(rel), type: t }] });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // the process may be gone already
    }
    await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    if (!this.exited) this.proc.kill();
    this.conn.dispose();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A temporary copy of a folder (examples/ by default), removed by the returned function. */
export function tempWorkspace(from = path.join(ROOT, 'examples')): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lens-lsp-'));
  fs.cpSync(from, dir, { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
