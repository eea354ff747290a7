// "Generate Policy Tests from Current Reachability": the server writes today's reachability as a policy test file
// (`netpolLens/generatePolicyTests`); it opens as an unsaved editor named `<folder>/tests/current-reachability
// .netpol-test.yaml` (a free name), for the user to review and save. Nothing is written to disk by the command.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  GeneratePolicyTestsRequest,
  type GeneratePolicyTestsParams,
  type GeneratePolicyTestsResult,
} from '../../server/src/protocol';

export async function generatePolicyTests(client: LanguageClient | undefined): Promise<vscode.TextDocument | undefined> {
  if (!client) {
    void vscode.window.showErrorMessage('The NetworkPolicy Lens language server is not running: see the output channel.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Open the folder of your manifests first: the tests pin its reachability.');
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Generating policy tests…' },
    () => client.sendRequest<GeneratePolicyTestsResult>(GeneratePolicyTestsRequest, {} satisfies GeneratePolicyTestsParams),
  );
  const target = await freeName(vscode.Uri.joinPath(folder.uri, 'tests'), 'current-reachability', '.netpol-test.yaml');
  const document = await vscode.workspace.openTextDocument(target.with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), result.text));
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  return document;
}

async function freeName(dir: vscode.Uri, base: string, extension: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(dir, `${base}${n === 1 ? '' : `-${n}`}${extension}`);
    const open = vscode.workspace.textDocuments.some((d) => d.uri.path === candidate.path);
    if (open) continue;
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
