// The VS Code extension: starts the language server, shows its status, and adds the flow preview and the commands.
// Activation stays cheap: nothing here reads the workspace; the server does, once started.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../../server/src/protocol';
import { EXPLANATION_SCHEME, ExplanationDocuments, explainPolicyAtCursor } from './explain-policy';
import { FLOW_PREVIEW_VIEW_TYPE, FlowPreview, type FlowPreviewHost, type FlowPreviewRender } from './flow-preview';
import type { FlowFilters } from './flow-preview-messages';
import { CLIENT_NAME, createLanguageClient } from './language-client';
import { generatePolicyTests } from './policy-tests';
import { StatusBar } from './status-bar';

/** What `activate` returns: used by the end-to-end tests, and by other extensions that want to wait for the server. */
export interface NetpolLensApi {
  /** Resolves with true once the language server runs, false if it could not start. */
  ready(): Promise<boolean>;
  /** Fires whenever the flow preview has drawn a graph. */
  onDidRenderFlowPreview: vscode.Event<FlowPreviewRender>;
  lastFlowPreviewRender(): FlowPreviewRender | undefined;
  /** The last `netpolLens/status` notification. */
  status(): StatusParams | undefined;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): NetpolLensApi {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  const statusBar = new StatusBar();
  const explanations = new ExplanationDocuments();
  const rendered = new vscode.EventEmitter<FlowPreviewRender>();
  let lastRender: FlowPreviewRender | undefined;
  context.subscriptions.push(output, statusBar, explanations, rendered);

  client = createLanguageClient(context, output);
  const languageClient = client;
  context.subscriptions.push(
    languageClient.onNotification(StatusNotification, (status: StatusParams) => {
      statusBar.update(status);
      FlowPreview.active?.onServerStatus(status.state);
    }),
  );
  let started = startClient(languageClient, statusBar, output);
  const runningClient = async (): Promise<LanguageClient | undefined> => ((await started) ? languageClient : undefined);

  const previewHost: FlowPreviewHost = {
    extensionUri: context.extensionUri,
    client: runningClient,
    log: (message) => output.appendLine(message),
    onDidRender: (render) => {
      lastRender = render;
      rendered.fire(render);
    },
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('netpolLens.showFlowPreview', (filters?: Partial<FlowFilters>) => {
      FlowPreview.show(previewHost, isFilterArgument(filters) ? filters : undefined);
    }),
    vscode.commands.registerCommand('netpolLens.explainPolicy', async () => explainPolicyAtCursor(await runningClient(), explanations)),
    vscode.commands.registerCommand('netpolLens.generatePolicyTests', async () => generatePolicyTests(await runningClient())),
    vscode.commands.registerCommand('netpolLens.restartServer', async () => {
      output.appendLine('Restarting the language server…');
      statusBar.starting();
      started = (async () => {
        try {
          if (languageClient.isRunning()) await languageClient.restart();
          else await languageClient.start();
          return true;
        } catch (error) {
          return reportStartFailure(error, statusBar, output);
        }
      })();
      if (await started) void FlowPreview.active?.refresh();
    }),
    vscode.commands.registerCommand('netpolLens.showOutput', () => output.show(true)),
    vscode.workspace.registerTextDocumentContentProvider(EXPLANATION_SCHEME, explanations),
    vscode.window.registerWebviewPanelSerializer(FLOW_PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        FlowPreview.revive(panel, previewHost, state);
      },
    }),
    // Trusting the workspace lifts Restricted Mode's limits on workspace settings: let the server read them again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand('netpolLens.restartServer')),
    { dispose: () => FlowPreview.active?.dispose() },
  );

  return {
    ready: () => started,
    onDidRenderFlowPreview: rendered.event,
    lastFlowPreviewRender: () => lastRender,
    status: () => statusBar.status,
  };
}

export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
  client = undefined;
}

async function startClient(languageClient: LanguageClient, statusBar: StatusBar, output: vscode.OutputChannel): Promise<boolean> {
  try {
    await languageClient.start();
    return true;
  } catch (error) {
    return reportStartFailure(error, statusBar, output);
  }
}

function reportStartFailure(error: unknown, statusBar: StatusBar, output: vscode.OutputChannel): false {
  const message = error instanceof Error ? error.message : String(error);
  output.appendLine(`The language server did not start: ${message}`);
  statusBar.failed(message);
  void vscode.window.showErrorMessage(`NetworkPolicy Lens: the language server did not start (${message}).`, 'Show Output').then((choice) => {
    if (choice) output.show(true);
  });
  return false;
}

function isFilterArgument(value: unknown): value is Partial<FlowFilters> {
  // Commands run from the palette or a menu get no argument, or the clicked resource's Uri: only plain objects count.
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}
