// The status bar item: what the server has indexed and how many problems it found (from `netpolLens/status`).
// Clicking it opens the flow preview.
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netpolLens.status', vscode.StatusBarAlignment.Left, 10);
  private last: StatusParams | undefined;

  constructor() {
    this.item.name = 'NetworkPolicy Lens';
    this.item.command = 'netpolLens.showFlowPreview';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) NetPol';
    this.item.tooltip = 'NetworkPolicy Lens: starting the language server…';
    this.item.backgroundColor = undefined;
  }

  failed(message: string): void {
    this.item.text = '$(error) NetPol';
    this.item.tooltip = `NetworkPolicy Lens: the language server is not running. ${message}`;
    this.item.command = 'netpolLens.showOutput';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  update(status: StatusParams): void {
    this.last = status;
    this.item.command = 'netpolLens.showFlowPreview';
    this.item.backgroundColor = undefined;
    const problems = status.errors + status.warnings;
    if (status.state === 'indexing') {
      this.item.text = `$(sync~spin) NetPol: indexing ${count(status.files, 'file')}`;
    } else {
      this.item.text = `$(shield) ${count(status.policies, 'policy', 'policies')} · ${count(status.workloads, 'workload')}${
        problems ? ` $(error) ${status.errors} $(warning) ${status.warnings}` : ''
      }`;
    }
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ['netpolLens.showFlowPreview', 'workbench.actions.view.problems', 'netpolLens.showOutput'] };
    tooltip.appendMarkdown(`**NetworkPolicy Lens** ${status.state === 'indexing' ? '(indexing…)' : ''}\n\n`);
    tooltip.appendMarkdown(
      `${count(status.files, 'file')} · ${count(status.namespaces, 'namespace')} · ${count(status.workloads, 'workload')} · ${count(status.policies, 'policy', 'policies')}\n\n`,
    );
    tooltip.appendMarkdown(`${count(status.errors, 'error')}, ${count(status.warnings, 'warning')}`);
    if (status.indexMs !== undefined) tooltip.appendMarkdown(` · indexed in ${status.indexMs} ms`);
    if (!vscode.workspace.isTrusted) tooltip.appendMarkdown('\n\nRestricted Mode: workspace settings for include, exclude and maxFileSizeMB are ignored.');
    tooltip.appendMarkdown(
      '\n\n[Flow preview](command:netpolLens.showFlowPreview) · [Problems](command:workbench.actions.view.problems) · [Output](command:netpolLens.showOutput)',
    );
    this.item.tooltip = tooltip;
  }

  get status(): StatusParams | undefined {
    return this.last;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
