// The language server connection: out/server.js started over Node IPC, for YAML files on disk and unsaved ones.
// The extension claims no language of its own: `.yaml` stays Red Hat YAML's (and VS Code's) `yaml` language, and
// both extensions serve the same documents side by side.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { RestartPolicy } from './restart-policy';

export const CLIENT_ID = 'netpolLens';
export const CLIENT_NAME = 'NetworkPolicy Lens';

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
];

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('out/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // The server pulls `netpolLens` with workspace/configuration; this also tells it when a setting changes.
    synchronize: {
      configurationSection: CLIENT_ID,
      // Manifests changed outside the editor (git checkout, generators) reach the server's workspace index.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    outputChannel,
    // `netpolLens.trace.server` (off | messages | verbose) traces the protocol into the same channel.
    traceOutputChannel: outputChannel,
    // The server notes Restricted Mode in its log (VS Code itself withholds the restricted workspace settings).
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    // A crashed server is restarted and the user told once (not at every crash); after 5 crashes in 3 minutes it stays
    // stopped and the user is told why. The library's default restarted silently and spoke only when giving up.
    errorHandler: restartingErrorHandler(outputChannel),
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

function restartingErrorHandler(outputChannel: vscode.OutputChannel): NonNullable<LanguageClientOptions['errorHandler']> {
  const policy = new RestartPolicy();
  return {
    error: (_error, _message, count) => ({ action: policy.error(count) === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const decision = policy.closed(Date.now());
      if (decision.notify) {
        outputChannel.appendLine(decision.notify);
        const show = decision.restart ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
        void show(decision.notify, 'Show Output').then((choice) => choice && outputChannel.show(true));
      }
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}
