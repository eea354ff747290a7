// The language server connection: out/server.js started over Node IPC, for YAML files on disk and unsaved ones.
// The extension claims no language of its own: `.yaml` stays Red Hat YAML's (and VS Code's) `yaml` language, and
// both extensions serve the same documents side by side.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

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
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
