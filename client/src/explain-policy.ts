// "Explain Policy at Cursor": asks the server for the plain-words explanation of the NetworkPolicy under the cursor
// (`netpolLens/explainPolicy`) and shows it as a rendered Markdown preview beside the editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExplainPolicyRequest, type ExplainPolicyParams, type ExplainPolicyResult } from '../../server/src/protocol';

export const EXPLANATION_SCHEME = 'netpol-lens-explanation';

/** Read-only documents holding explanations, named after the policy. */
export class ExplanationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export async function explainPolicyAtCursor(
  client: LanguageClient | undefined,
  documents: ExplanationDocuments,
): Promise<ExplainPolicyResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') {
    void vscode.window.showInformationMessage('Put the cursor in a NetworkPolicy in a YAML file, then run Explain Policy at Cursor.');
    return undefined;
  }
  if (!client) {
    void vscode.window.showErrorMessage('The NetworkPolicy Lens language server is not running: see the output channel.');
    return undefined;
  }
  const params: ExplainPolicyParams = {
    uri: editor.document.uri.toString(),
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  };
  const result = await client.sendRequest<ExplainPolicyResult>(ExplainPolicyRequest, params);
  if (!result?.markdown) {
    void vscode.window.showInformationMessage('There is no NetworkPolicy at the cursor.');
    return result ?? { markdown: null };
  }
  const name = (result.policy ?? 'policy').replace(/[^A-Za-z0-9._-]+/g, '-');
  const uri = vscode.Uri.from({ scheme: EXPLANATION_SCHEME, path: `/${name}.md` });
  documents.set(uri, result.markdown);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // Without the built-in Markdown extension, the Markdown source itself.
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return result;
}
