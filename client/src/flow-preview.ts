// The flow preview panel on the extension host side: asks the server for the FlowGraph (`netpolLens/flowGraph`) with
// the user's filters, hands it to the webview, and re-asks when the server reports a new analysis or a YAML document
// changes (debounced). Reveal and export requests from the webview name ids; they are resolved against the graph the
// server sent, never taken as paths.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FlowGraphRequest, type FlowGraph, type FlowGraphParams, type SourceLocation } from '../../server/src/protocol';
import { catalogOf, mergeCatalogs } from './flow-catalog';
import { makeNonce, renderFlowPreviewHtml } from './flow-preview-html';
import { type FlowCatalog, type FlowFilters, type FromWebview, isFromWebview, type RevealTarget, type ToWebview } from './flow-preview-messages';

export const FLOW_PREVIEW_VIEW_TYPE = 'netpolLens.flowPreview';

/** What a `rendered` message reported: the webview drew this graph. */
export interface FlowPreviewRender {
  seq: number;
  nodes: number;
  edges: number;
  aggregated: boolean;
  filters: FlowFilters;
}

export interface FlowPreviewHost {
  extensionUri: vscode.Uri;
  /** The running client, or undefined when the server could not start. */
  client(): Promise<LanguageClient | undefined>;
  log(message: string): void;
  onDidRender(render: FlowPreviewRender): void;
}

/** Live updates wait this long after the last change, so typing does not re-layout on every keystroke. */
const STATUS_DEBOUNCE_MS = 250;
const EDIT_DEBOUNCE_MS = 600;
const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

export class FlowPreview implements vscode.Disposable {
  private static current: FlowPreview | undefined;

  private graph: FlowGraph | undefined;
  private catalog: FlowCatalog | undefined;
  private catalogStale = true;
  private seq = 0;
  private requestSeq = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens the preview (or brings it forward), optionally with filters, e.g. from a code lens. */
  static show(host: FlowPreviewHost, filters?: Partial<FlowFilters>): FlowPreview {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (FlowPreview.current) {
      FlowPreview.current.panel.reveal(undefined, true);
      if (filters) FlowPreview.current.setFilters({ ...FlowPreview.current.filters, ...filters });
      return FlowPreview.current;
    }
    const panel = vscode.window.createWebviewPanel(
      FLOW_PREVIEW_VIEW_TYPE,
      'NetworkPolicy Flow Preview',
      { viewColumn: column, preserveFocus: true },
      webviewOptions(host.extensionUri),
    );
    return new FlowPreview(panel, host, sanitizeFilters({ namespaces: [], ...filters }));
  }

  /** A panel VS Code restored after a reload (see registerWebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, host: FlowPreviewHost, state: unknown): FlowPreview {
    const saved = (state ?? {}) as { filters?: FlowFilters };
    panel.webview.options = webviewOptions(host.extensionUri);
    return new FlowPreview(panel, host, sanitizeFilters(saved.filters));
  }

  static get active(): FlowPreview | undefined {
    return FlowPreview.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: FlowPreviewHost,
    private filters: FlowFilters,
  ) {
    FlowPreview.current?.dispose();
    FlowPreview.current = this;
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'icon.png');
    panel.webview.html = renderFlowPreviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'out', 'webview', 'flow-preview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'media', 'flow-preview.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === 'yaml' && event.contentChanges.length) this.scheduleRefresh(EDIT_DEBOUNCE_MS);
      }),
    );
  }

  /** The server finished an analysis: the graph may have changed. */
  onServerStatus(state: 'indexing' | 'ready'): void {
    if (state === 'ready') this.scheduleRefresh(STATUS_DEBOUNCE_MS);
  }

  setFilters(filters: FlowFilters): void {
    this.filters = sanitizeFilters(filters);
    void this.refresh();
  }

  scheduleRefresh(delay: number): void {
    this.catalogStale = true;
    // A hidden preview's webview is gone; it asks again ('ready') when shown.
    if (!this.panel.visible) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delay);
  }

  async refresh(): Promise<void> {
    const request = ++this.requestSeq;
    const client = await this.host.client();
    if (!client) {
      this.post({ type: 'notice', level: 'error', message: 'The NetworkPolicy Lens language server is not running: see the output channel.' });
      return;
    }
    const maxNodes = vscode.workspace.getConfiguration('netpolLens').get<number>('flowPreview.maxNodes', 300);
    const filters = this.filters;
    const filtered = filters.namespaces.length > 0 || filters.policy !== undefined || filters.workload !== undefined;
    const params: FlowGraphParams = {
      ...(filters.namespaces.length ? { namespaces: filters.namespaces } : {}),
      ...(filters.policy ? { policy: filters.policy } : {}),
      ...(filters.workload ? { workload: filters.workload } : {}),
      maxNodes,
    };
    try {
      // While a filter narrows the graph, the filter choices still come from the whole workspace.
      const needCatalog = filtered && (this.catalogStale || !this.catalog);
      const [graph, whole] = await Promise.all([
        client.sendRequest<FlowGraph>(FlowGraphRequest, params),
        needCatalog ? client.sendRequest<FlowGraph>(FlowGraphRequest, { maxNodes } satisfies FlowGraphParams) : undefined,
      ]);
      if (request !== this.requestSeq) return;
      if (!filtered) this.catalog = catalogOf(graph);
      else if (whole) this.catalog = mergeCatalogs(catalogOf(whole), catalogOf(graph));
      else this.catalog = mergeCatalogs(this.catalog ?? catalogOf(graph), catalogOf(graph));
      this.catalogStale = false;
      this.graph = graph;
      this.post({ type: 'graph', seq: ++this.seq, graph, filters, catalog: this.catalog });
    } catch (error) {
      if (request !== this.requestSeq) return;
      const message = error instanceof Error ? error.message : String(error);
      this.host.log(`flow preview: ${FlowGraphRequest} failed: ${message}`);
      this.post({ type: 'notice', level: 'error', message: `Could not compute the flow graph: ${message}` });
    }
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isFromWebview(message)) return;
    const m: FromWebview = message;
    switch (m.type) {
      case 'ready':
        if (this.graph && !this.catalogStale) {
          this.post({ type: 'graph', seq: ++this.seq, graph: this.graph, filters: this.filters, catalog: this.catalog ?? catalogOf(this.graph) });
        } else {
          await this.refresh();
        }
        return;
      case 'setFilters':
        this.setFilters(m.filters);
        return;
      case 'reveal':
        await this.reveal(m.target);
        return;
      case 'export':
        await this.export(m.format, m.content);
        return;
      case 'rendered':
        this.host.onDidRender({ seq: m.seq, nodes: m.nodes, edges: m.edges, aggregated: m.aggregated, filters: this.filters });
        return;
      case 'error':
        this.host.log(`flow preview: ${String(m.message)}`);
        return;
    }
  }

  private locationOf(target: RevealTarget): SourceLocation | undefined {
    const graph = this.graph;
    if (!graph || typeof target !== 'object' || target === null) return undefined;
    if ('node' in target) return graph.nodes.find((n) => n.id === target.node)?.location;
    if ('namespace' in target) return graph.namespaces.find((n) => n.name === target.namespace)?.location;
    if ('policy' in target && typeof target.policy === 'string') {
      return Object.prototype.hasOwnProperty.call(graph.policyLocations ?? {}, target.policy) ? graph.policyLocations![target.policy] : undefined;
    }
    return undefined;
  }

  private async reveal(target: RevealTarget): Promise<void> {
    const location = this.locationOf(target);
    if (!location) return;
    const { start, end } = location.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    // The editor goes beside the preview, not over it.
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    try {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range, viewColumn, preserveFocus: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      void vscode.window.showWarningMessage(`Could not open ${location.uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async export(format: 'svg' | 'mermaid', content: unknown): Promise<void> {
    if ((format !== 'svg' && format !== 'mermaid') || typeof content !== 'string' || content.length > MAX_EXPORT_CHARS) return;
    const extension = format === 'svg' ? 'svg' : 'mmd';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: format === 'svg' ? 'Export the flow graph as SVG' : 'Export the flow graph as a Mermaid flowchart',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `network-flows.${extension}`) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { Mermaid: ['mmd', 'md'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    const open = await vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', target);
  }

  dispose(): void {
    if (FlowPreview.current === this) FlowPreview.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The webview may load only the bundled script and the stylesheet.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function sanitizeFilters(filters: unknown): FlowFilters {
  const f = (typeof filters === 'object' && filters !== null ? filters : {}) as Partial<FlowFilters>;
  return {
    namespaces: Array.isArray(f.namespaces) ? f.namespaces.filter((n): n is string => typeof n === 'string') : [],
    policy: typeof f.policy === 'string' && f.policy ? f.policy : undefined,
    workload: typeof f.workload === 'string' && f.workload ? f.workload : undefined,
  };
}
