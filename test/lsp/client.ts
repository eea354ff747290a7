// A real LSP client for the tests: spawns `node out/server.js --stdio` (through test/helpers/lsp-client.ts, which the
// fuzzer's client shares) and drives it as an editor would: the full capabilities, documents opened and edited with
// versions, watched-file events, code lens refreshes counted.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  Hover,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import type { StatusParams } from '../../server/src/protocol';
import { EDITOR_CAPABILITIES, LspTestClient } from '../helpers/lsp-client';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'out', 'server.js');

export interface ClientOptions {
  folder: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Leave out capabilities, as a minimal editor would. */
  minimal?: boolean;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: { ...EDITOR_CAPABILITIES.workspace, codeLens: { refreshSupport: true } },
  textDocument: {
    ...EDITOR_CAPABILITIES.textDocument,
    publishDiagnostics: { ...EDITOR_CAPABILITIES.textDocument.publishDiagnostics, codeDescriptionSupport: true },
    completion: { completionItem: { snippetSupport: false } },
  },
};

export class TestClient extends LspTestClient<Record<string, unknown>> {
  /** workspace/codeLens/refresh requests received. */
  codeLensRefreshes = 0;
  initResult?: InitializeResult;
  private versions = new Map<string, number>();

  constructor(readonly options: ClientOptions) {
    super({ folder: options.folder, script: SERVER, settings: options.settings ?? {}, waitLimitMs: 20_000 });
    this.conn.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.wake();
      return null;
    });
  }

  /** A client started on `options.folder`: initialized, and the server ready (stopped again if it does not get there). */
  static async started(options: ClientOptions): Promise<TestClient> {
    const client = new TestClient(options);
    try {
      await client.initialize();
      await client.ready();
    } catch (error) {
      await client.stop();
      throw error;
    }
    return client;
  }

  async initialize(): Promise<InitializeResult> {
    const capabilities = this.options.minimal ? {} : CAPABILITIES;
    this.initResult = await this.conn.sendRequest(InitializeRequest.type, this.initializeParams(capabilities, this.options.initializationOptions));
    await this.conn.sendNotification(InitializedNotification.type, {});
    return this.initResult;
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

  async open(rel: string, text = fs.readFileSync(path.join(this.folder, rel), 'utf8'), languageId = 'yaml'): Promise<string> {
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
}

/** The text of a hover, Markdown or plain. */
export function hoverText(h: Hover | null): string {
  const c = h?.contents as { value?: string } | undefined;
  return c?.value ?? '';
}

/** The labels of a completion answer, a list or an array. */
export function completionLabels(items: CompletionItem[] | CompletionList | null): string[] {
  const list = Array.isArray(items) ? items : (items?.items ?? []);
  return list.map((i) => i.label);
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
