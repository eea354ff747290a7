// One language server session: the LSP handshake, the workspace index kept current, validation, and every request
// wired to its feature module. Every handler is guarded: an exception is logged and answered with an LSP error,
// never allowed to end the process.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWatchedFilesParams,
  FileChangeType,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Model, Reachability } from '../core';
import type { AnalysisResult } from '../core/incremental';
import {
  ExplainPolicyParams,
  ExplainPolicyRequest,
  FlowGraphParams,
  FlowGraphRequest,
  GeneratePolicyTestsRequest,
  InitializationOptions,
  Settings,
} from '../protocol';
import { codeActions } from './code-actions';
import { codeLenses } from './code-lens';
import { completion } from './completion';
import type { ServerContext } from './context';
import { fileOfUri, Positions } from './convert';
import { definition } from './definition';
import { Counts, DiagnosticsPublisher } from './diagnostics';
import { explainPolicyAt } from './explain-policy';
import { flowGraph } from './flow-graph';
import { generatePolicyTestFile } from './generate-policy-tests';
import { hover } from './hover';
import { references } from './references';
import { analysisOptions, excludeGlobs, resolveSettings, ruleSettings, sameJson } from './settings';
import { Status } from './status';
import { DEFAULT_TIMINGS, Validator } from './validation';
import { Folder, WorkspaceIndex } from './workspace-index';

export const SERVER_NAME = 'netpol-lens';

interface ClientSupport {
  configuration: boolean;
  configurationDynamic: boolean;
  watchersDynamic: boolean;
  folders: boolean;
  documentChanges: boolean;
  codeLensRefresh: boolean;
}

const nextTurn = (): Promise<boolean> => new Promise((resolve) => setImmediate(() => resolve(true)));

export class Session implements ServerContext {
  readonly index: WorkspaceIndex;
  readonly positions: Positions;
  private settingsValue: Settings;
  private readonly documents = new TextDocuments(TextDocument);
  private readonly publisher: DiagnosticsPublisher;
  private readonly validator: Validator;
  private readonly statusBar: Status;
  private support: ClientSupport = { configuration: false, configurationDynamic: false, watchersDynamic: false, folders: false, documentChanges: false, codeLensRefresh: false };
  private initOptions: InitializationOptions & { netpolLens?: unknown } = {};
  private reachCache?: { model: Model; reach: Reachability };
  private indexing = false;
  private indexChain: Promise<void> = Promise.resolve();
  private lastCounts: Counts = { errors: 0, warnings: 0 };
  /** The model the code lenses were last refreshed for. */
  private lensModel?: Model;

  constructor(
    private readonly connection: Connection,
    private readonly version: string,
    /** Collects garbage when the server falls idle after heavy work (optional). */
    private readonly collectGarbage?: () => void,
  ) {
    this.settingsValue = resolveSettings([]);
    this.index = new WorkspaceIndex(analysisOptions(this.settingsValue), this.settingsValue.include, excludeGlobs(this.settingsValue));
    this.positions = new Positions((file) => this.index.text(file));
    this.publisher = new DiagnosticsPublisher(connection, this.positions, this.index);
    this.statusBar = new Status(connection);
    this.validator = new Validator(
      () => this.model(),
      (result, ms, partial) => this.published(result, ms, partial),
      (err) => this.error('analysis failed', err),
      ruleSettings(this.settingsValue),
      DEFAULT_TIMINGS,
      () => (this.index.hasOpenFiles() ? (policy) => this.index.isOpen(policy.span.file) : undefined),
    );
  }

  // ServerContext

  settings(): Settings {
    return this.settingsValue;
  }

  model(): Model {
    return this.index.sync();
  }

  reach(): Reachability {
    const model = this.model();
    if (this.reachCache?.model !== model) this.reachCache = { model, reach: new Reachability(model) };
    return this.reachCache.reach;
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  private error(what: string, err: unknown): void {
    this.connection.console.error(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  // Wiring

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.notification('initialized', () => this.initialized()));
    this.documents.onDidOpen((e) => this.notification('didOpen', () => this.documentChanged(e.document)));
    this.documents.onDidChangeContent((e) => this.notification('didChange', () => this.documentChanged(e.document)));
    this.documents.onDidClose((e) => this.notification('didClose', () => this.documentClosed(e.document)));
    c.onDidChangeWatchedFiles((params) => this.notification('didChangeWatchedFiles', () => this.filesChanged(params)));
    c.onDidChangeConfiguration((params) => this.notification('didChangeConfiguration', () => this.configurationChanged(params.settings)));
    c.onHover(this.request('hover', (p) => hover(this, p)));
    c.onCompletion(this.request('completion', (p) => completion(this, p)));
    c.onDefinition(this.request('definition', (p) => definition(this, p)));
    c.onReferences(this.request('references', (p) => references(this, p)));
    c.onCodeLens(this.request('codeLens', (p) => codeLenses(this, p)));
    c.onCodeAction(
      this.request(
        'codeAction',
        (p) =>
          codeActions(
            this,
            { flush: () => this.validator.flush(), findingsOf: (f) => this.publisher.findingsOf(f), documentChanges: this.support.documentChanges },
            p,
          ),
      ),
    );
    c.onRequest(FlowGraphRequest, this.request('flowGraph', (p: FlowGraphParams) => flowGraph(this, p ?? {})));
    c.onRequest(ExplainPolicyRequest, this.request('explainPolicy', (p: ExplainPolicyParams) => explainPolicyAt(this, p)));
    c.onRequest(GeneratePolicyTestsRequest, this.request('generatePolicyTests', () => generatePolicyTestFile(this)));
    c.onShutdown(() => this.validator.dispose());
    this.documents.listen(c);
    c.listen();
  }

  /** A request handler that logs a failure and answers it with an LSP error, instead of letting it escape. */
  private request<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (err) {
        this.error(`${name} failed`, err);
        throw new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${(err as Error)?.message ?? String(err)}`);
      }
    };
  }

  private notification(name: string, handler: () => void | Promise<void>): void {
    try {
      const result = handler();
      if (result) result.catch((err) => this.error(`${name} failed`, err));
    } catch (err) {
      this.error(`${name} failed`, err);
    }
  }

  // Lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.support = {
      configuration: !!caps.workspace?.configuration,
      configurationDynamic: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      watchersDynamic: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      folders: !!caps.workspace?.workspaceFolders,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    };
    const options = (params.initializationOptions ?? {}) as InitializationOptions & { netpolLens?: unknown };
    this.initOptions = options;
    const problems: string[] = [];
    this.applySettingsValue(resolveSettings([options.netpolLens, options.settings], problems));
    for (const p of problems) this.log(p);
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) {
      this.validator.setTimings({ ...DEFAULT_TIMINGS, debounceMs: options.debounceMs });
    }
    this.index.setFolders(foldersOf(params.workspaceFolders, params.rootUri));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '{', '[', ','], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: this.version },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.support.watchersDynamic) {
      await c.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*', kind: WatchKind.Delete }],
      });
    }
    if (this.support.configurationDynamic) await c.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLens' });
    if (this.support.folders) {
      c.workspace.onDidChangeWorkspaceFolders((e) =>
        this.notification('didChangeWorkspaceFolders', async () => {
          const removed = new Set(e.removed.map((f) => f.uri));
          const kept = this.index.getFolders().filter((f) => !removed.has(f.uri));
          this.index.setFolders([...kept, ...foldersOf(e.added, null)]);
          await this.reindex();
        }),
      );
    }
    if (this.support.configuration) await this.pullSettings();
    if (this.initOptions.trusted === false) this.log('The workspace is not trusted: VS Code applies only user settings for include, exclude and maxFileSizeMB.');
    await this.reindex();
  }

  /** Scans the folders and analyses everything; queued behind a running index. */
  private reindex(): Promise<void> {
    this.indexChain = this.indexChain.then(() => this.indexNow()).catch((err) => this.error('indexing failed', err));
    return this.indexChain;
  }

  private async indexNow(): Promise<void> {
    this.indexing = true;
    const started = performance.now();
    const folders = this.index.getFolders();
    this.statusBar.indexing(this.index.fileCount);
    this.log(folders.length ? `Indexing ${folders.length} folder(s): ${folders.map((f) => f.path).join(', ')}` : 'No workspace folder: only open documents are analysed.');
    this.log(`Include ${JSON.stringify(this.settingsValue.include)}, exclude ${JSON.stringify(excludeGlobs(this.settingsValue))}`);
    const report = await this.index.scan(nextTurn);
    for (const file of report.skipped) this.log(`Skipped ${file}: unreadable, or larger than ${readLimitMb(this.settingsValue)} MB.`);
    const scanned = performance.now();
    this.validator.enable();
    await this.validator.runComplete();
    const done = performance.now();
    this.statusBar.indexMs = Math.round(done - started);
    const model = this.model();
    this.log(
      `Indexed ${this.index.fileCount} file(s) (${report.files} on disk) in ${Math.round(done - started)} ms ` +
        `(read and parsed in ${Math.round(scanned - started)} ms, analysed in ${Math.round(done - scanned)} ms): ` +
        `${model.namespaces.size} namespaces, ${model.workloads.length} workloads, ${model.services.length} services, ` +
        `${model.policies.length} policies; ${this.lastCounts.errors} error(s), ${this.lastCounts.warnings} warning(s).`,
    );
    this.indexing = false;
    this.statusBar.ready(this.index.fileCount, model, this.lastCounts);
  }

  private published(result: AnalysisResult, ms: number, partial: boolean): void {
    if (partial) {
      this.publisher.publish(result, true);
      return;
    }
    this.lastCounts = this.publisher.publish(result);
    // A test case's verdict follows the manifests in other files: its lens (N passed · M failed) must be asked for again.
    if (this.support.codeLensRefresh && result.model !== this.lensModel && result.model.files.some((f) => f.policyTests)) {
      this.lensModel = result.model;
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch((err) => this.error('codeLens refresh failed', err));
    }
    if (result.complete && this.collectGarbage) setTimeout(this.collectGarbage, 0).unref();
    if (ms > 200) this.log(`${result.complete ? 'Complete' : 'Fast'} analysis: ${result.recomputed} unit(s) in ${Math.round(ms)} ms.`);
    if (!this.indexing) this.statusBar.ready(this.index.fileCount, result.model, this.lastCounts);
  }

  // Documents and files

  private documentChanged(doc: TextDocument): void {
    // A didOpen whose text (or uri) is not a string would be indexed as is, and every later analysis failed on it: one
    // malformed notification stopped all diagnostics (found by fuzzing, test/fuzz/server.test.ts).
    if (typeof doc.uri !== 'string' || typeof doc.getText() !== 'string') return;
    const file = fileOfUri(doc.uri);
    this.positions.rememberUri(file, doc.uri);
    const before = this.index.text(file);
    const version = this.index.openVersion(file);
    if (!this.index.setOpen(file, doc.version, doc.getText(), doc.languageId)) return;
    if (before !== this.index.text(file) || version !== doc.version) this.validator.changed();
  }

  private async documentClosed(doc: TextDocument): Promise<void> {
    const file = fileOfUri(doc.uri);
    if (!this.index.isOpen(file)) return;
    await this.index.close(file);
    if (this.index.text(file) === undefined) this.publisher.clear(file);
    this.validator.changed();
  }

  private async filesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    let changed = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileOfUri(change.uri);
      if (change.type === FileChangeType.Deleted) {
        const gone = this.index.diskDeleted(file);
        changed = gone || changed;
      } else {
        changed = (await this.index.diskChanged(file)) || changed;
      }
    }
    if (changed) this.validator.changed();
  }

  // Settings

  private async pullSettings(): Promise<void> {
    try {
      const [raw] = await this.connection.workspace.getConfiguration([{ section: 'netpolLens' }]);
      const problems: string[] = [];
      this.applySettingsValue(resolveSettings([this.initOptions.netpolLens, this.initOptions.settings, raw], problems));
      for (const p of problems) this.log(p);
    } catch (err) {
      this.error('reading the netpolLens settings failed', err);
    }
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    const before = this.settingsValue;
    if (this.support.configuration) await this.pullSettings();
    else {
      const raw = (pushed as { netpolLens?: unknown } | null)?.netpolLens;
      const problems: string[] = [];
      this.applySettingsValue(resolveSettings([this.initOptions.netpolLens, this.initOptions.settings, raw], problems));
      for (const p of problems) this.log(p);
    }
    const after = this.settingsValue;
    if (sameJson(before, after)) return;
    this.log('Settings changed.');
    if (!sameJson(before.include, after.include) || !sameJson(before.exclude, after.exclude)) {
      // Edits to an open document that the old globs left out were ignored: take every open document's current text
      // now, or a file included again kept its stale text until the next keystroke (found by fuzzing).
      for (const doc of this.documents.all()) this.documentChanged(doc);
      await this.reindex();
    } else this.validator.changed(true);
  }

  /** Applies settings to the index and the validator (an index run follows when the globs changed). */
  private applySettingsValue(next: Settings): void {
    const prev = this.settingsValue;
    this.settingsValue = next;
    if (!sameJson(analysisOptions(prev), analysisOptions(next))) {
      this.index.setOptions(analysisOptions(next));
      this.reachCache = undefined;
    }
    if (!sameJson(prev.include, next.include) || !sameJson(prev.exclude, next.exclude)) this.index.setGlobs(next.include, excludeGlobs(next));
    if (!sameJson(ruleSettings(prev), ruleSettings(next))) this.validator.setRules(ruleSettings(next));
  }
}

function readLimitMb(s: Settings): number {
  return s.maxFileSizeMB * 4;
}

function foldersOf(folders: WorkspaceFolder[] | null | undefined, rootUri: string | null): Folder[] {
  const list = folders && folders.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
  return list.filter((uri) => uri.startsWith('file:')).map((uri) => ({ uri, path: fileOfUri(uri) }));
}
