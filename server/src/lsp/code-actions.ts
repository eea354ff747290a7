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
import { addPolicyTypes, brokenDocuments, fixesFor, QuickFix, Source, TextEdit } from '../fixes';
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
  // No edit lands in a document with YAML errors, as no quick fix does: a comment line or a policyTypes entry inserted
  // into a structure the parser only guessed changed what the file means (found by fuzzing, test/fuzz/server.test.ts).
  // The text is parsed again only when the core found YAML errors in it, and never when the core would not read it
  // whole (skipped, nested too deep, an alias bomb): those get no line edits at all.
  const codes = new Set(objects.findings.map((f) => f.code));
  const unreadable = codes.has('file-skipped') || codes.has('yaml-too-complex');
  let broken: [number, number][] | undefined;
  const intact = (edits: TextEdit[]): boolean => {
    if (unreadable) return false;
    if (!codes.has('yaml-syntax')) return true;
    broken ??= brokenDocuments(text);
    return !edits.some((e) => broken!.some(([from, to]) => from <= e.start && e.start <= to));
  };
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
      if (intact([suppress.line])) {
        actions.push({ title: `Disable ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([suppress.line]) });
      }
      // A comment above everything else changes no document, broken or not.
      actions.push({ title: `Disable ${finding.code} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([suppress.file]) });
    }
  }
  if (wanted(CodeActionKind.RefactorRewrite, only)) {
    const policy = policyAt(objects, start);
    if (policy) {
      for (const [type, affected] of [['Ingress', policy.affectsIngress], ['Egress', policy.affectsEgress]] as const) {
        const title = `Add ${type} to policyTypes`;
        if (affected || titles.has(title)) continue;
        const edits = addPolicyTypes(new Source(text), policy.span.start, policy, [type]);
        if (edits && intact(edits)) actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: edit(edits) });
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
