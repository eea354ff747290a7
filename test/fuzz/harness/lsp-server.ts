// The language server under fuzzing: server/src/server.ts bundled by esbuild into out/fuzz/server.js (this suite's own
// copy, so that a concurrent `npm run build` cannot swap it mid-run), started over --stdio with a capped heap, and
// driven by the tests' LSP client (test/helpers/lsp-client.ts) that answers the server's requests as an editor would
// and keeps what it publishes; here every request is also bounded in time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { EDITOR_CAPABILITIES, LspTestClient } from '../../helpers/lsp-client';
import { bundleOnce, CASE_LIMIT_MS, HEAP_LIMIT_MB, ROOT } from './core-runner';

export const SERVER_BUNDLE = path.join(ROOT, 'out', 'fuzz', 'server.js');

export type Answer = { result: unknown } | { error: { code: number; message: string } };

export class FuzzedServer extends LspTestClient {
  constructor(folder: string) {
    super({
      folder,
      script: bundleOnce('server/src/server.ts', SERVER_BUNDLE),
      nodeArgs: [`--max-old-space-size=${HEAP_LIMIT_MB}`],
      settings: {},
      waitLimitMs: CASE_LIMIT_MS,
      keepStderr: 100_000,
      keepLogs: 5000,
    });
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.conn.onError(() => undefined);
  }

  override postmortem(): string {
    return super.postmortem(Number(process.env.FUZZ_LOG_LINES) || 15);
  }

  async initialize(initializationOptions: Record<string, unknown> = {}): Promise<void> {
    await this.request('initialize', this.initializeParams(EDITOR_CAPABILITIES, initializationOptions));
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
        else this.afterNextMessage(check);
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
