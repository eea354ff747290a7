// Code actions: the quick fixes of the findings under the cursor (server/src/fixes), comments that disable a rule
// for a line or a file, and, on any policy, "Add Ingress/Egress to policyTypes".
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../core';
import { addPolicyTypes, fixesFor, QuickFix, Source, TextEdit } from '../fixes';
import type { ServerContext } from './context';
import { fileOfUri } from './convert';
import { toDiagnostic } from './diagnostics';
import { policyAt } from './locate';

export interface CodeActionDeps {
  /** Waits until the findings describe the current text. */
  flush(): Promise<void>;
  /** The findings shown for a file. */
  findingsOf(file: string): readonly Finding[];
  /** The client applies versioned document edits. */
  documentChanges: boolean;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export async function codeActions(ctx: ServerContext, deps: CodeActionDeps, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const file = fileOfUri(uri);
  if (ctx.index.text(file) === undefined) return [];
  await deps.flush();
  const text = ctx.index.text(file);
  const objects = ctx.index.objects(file);
  if (text === undefined || !objects) return [];
  const only = params.context.only;
  const start = ctx.positions.offset(file, params.range.start);
  const end = ctx.positions.offset(file, params.range.end);
  const model = ctx.model();
  const lines = ctx.positions.lines(file);
  const edit = (edits: TextEdit[]): WorkspaceEdit => {
    const lsp = edits.map((e) => LspTextEdit.replace({ start: lines.position(e.start), end: lines.position(e.end) }, e.newText));
    if (!deps.documentChanges) return { changes: { [uri]: lsp } };
    const id = OptionalVersionedTextDocumentIdentifier.create(uri, ctx.index.openVersion(file) ?? null);
    return { documentChanges: [TextDocumentEdit.create(id, lsp)] };
  };
  const actions: CodeAction[] = [];
  const titles = new Set<string>();
  const findings = deps.findingsOf(file).filter((f) => f.span.start <= end && f.span.end >= start);
  if (wanted(CodeActionKind.QuickFix, only)) {
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, ctx.positions);
      const policy = objects.policies.find((p) => p.span.start <= finding.span.start && finding.span.start <= p.span.end);
      const fixes: QuickFix[] = fixesFor(
        { text, finding, dns: ctx.index.analysisOptions.dns, policy, policyNames: (ns) => model.policiesIn(ns).map((p) => p.name) },
        (key, err) => ctx.log(`quick fix ${key} failed: ${(err as Error)?.stack ?? err}`),
      );
      for (const fix of fixes) {
        titles.add(fix.title);
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: edit(fix.edits) });
      }
      const suppress = suppressionEdits(text, finding, lines.offset(lines.position(finding.span.start).line, 0));
      actions.push(
        { title: `Disable ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([suppress.line]) },
        { title: `Disable ${finding.code} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([suppress.file]) },
      );
    }
  }
  if (wanted(CodeActionKind.RefactorRewrite, only)) {
    const policy = policyAt(objects, start);
    if (policy) {
      for (const [type, affected] of [['Ingress', policy.affectsIngress], ['Egress', policy.affectsEgress]] as const) {
        const title = `Add ${type} to policyTypes`;
        if (affected || titles.has(title)) continue;
        const edits = addPolicyTypes(new Source(text), policy.span.start, policy, [type]);
        if (edits) actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: edit(edits) });
      }
    }
  }
  return actions;
}

/** A `# netpol-lens-disable-next-line <code>` above the finding's line, and a `# netpol-lens-disable <code>` on top. */
function suppressionEdits(text: string, finding: Finding, lineStart: number): { line: TextEdit; file: TextEdit } {
  const src = new Source(text);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return {
    line: { start: lineStart, end: lineStart, newText: `${indent}# netpol-lens-disable-next-line ${finding.code}${src.eol}` },
    file: { start: 0, end: 0, newText: `# netpol-lens-disable ${finding.code}${src.eol}` },
  };
}
