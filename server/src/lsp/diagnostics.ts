// Findings → LSP diagnostics: code = rule id, codeDescription = its docs page, source netpol-lens, related
// information mapped. Published per file when they change (and for an open document whenever its version moved, so
// that the editor knows they are current), cleared when a file has none left; suppression comments applied here.
import { Connection, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { docsUrl, Finding, Severity } from '../core';
import type { AnalysisResult } from '../core/incremental';
import { isSuppressed, parseSuppressions, Suppressions } from '../core/suppressions';
import type { Positions } from './convert';
import type { WorkspaceIndex } from './workspace-index';

export const SOURCE = 'netpol-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings whose text is dead weight rather than a mistake: shown faded. */
const UNNECESSARY = new Set(['redundant-rule', 'duplicate-policy']);

export function toDiagnostic(f: Finding, positions: Positions): Diagnostic {
  const d: Diagnostic = {
    range: positions.range(f.span),
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docsUrl(f.code) },
    source: SOURCE,
    message: f.message,
  };
  const related = (f.related ?? []).filter((r) => r.span.file);
  if (related.length) d.relatedInformation = related.map((r) => ({ location: positions.location(r.span), message: r.message }));
  if (UNNECESSARY.has(f.code)) d.tags = [DiagnosticTag.Unnecessary];
  if (f.data) d.data = f.data;
  return d;
}

export interface Counts {
  errors: number;
  warnings: number;
}

export class DiagnosticsPublisher {
  private readonly published = new Map<string, { findings: Finding[]; version?: number }>();
  private readonly suppressions = new Map<string, { text: string; suppressions: Suppressions }>();
  private visible = new Map<string, Finding[]>();

  constructor(
    private readonly connection: Connection,
    private readonly positions: Positions,
    private readonly index: WorkspaceIndex,
  ) {}

  /** The findings shown for a file (after suppression comments), as last published. */
  findingsOf(file: string): readonly Finding[] {
    return this.visible.get(file) ?? [];
  }

  publish(result: AnalysisResult): Counts {
    const counts: Counts = { errors: 0, warnings: 0 };
    const visible = new Map<string, Finding[]>();
    for (const [file, findings] of result.byFile) {
      const text = this.index.text(file);
      if (!file || text === undefined) continue;
      const shown = this.unsuppressed(file, text, findings);
      if (shown.length) visible.set(file, shown);
      for (const f of shown) {
        if (f.severity === 'error') counts.errors++;
        else if (f.severity === 'warning') counts.warnings++;
      }
    }
    this.visible = visible;
    for (const file of new Set([...visible.keys(), ...this.published.keys(), ...this.openFiles()])) {
      const findings = visible.get(file) ?? [];
      const version = this.index.openVersion(file);
      const before = this.published.get(file);
      if (before && before.version === version && same(before.findings, findings)) continue;
      if (!before && findings.length === 0 && version === undefined) continue;
      void this.connection.sendDiagnostics({ uri: this.positions.uriOf(file), version, diagnostics: findings.map((f) => toDiagnostic(f, this.positions)) });
      if (findings.length === 0 && version === undefined) this.published.delete(file);
      else this.published.set(file, { findings, version });
    }
    return counts;
  }

  /** A document that left the index (closed outside the workspace): clear what it showed. */
  clear(file: string): void {
    if (!this.published.delete(file)) return;
    this.visible.delete(file);
    void this.connection.sendDiagnostics({ uri: this.positions.uriOf(file), diagnostics: [] });
  }

  private *openFiles(): Iterable<string> {
    for (const file of this.index.files()) if (this.index.isOpen(file)) yield file;
  }

  private unsuppressed(file: string, text: string, findings: Finding[]): Finding[] {
    let cached = this.suppressions.get(file);
    if (!cached || cached.text !== text) {
      cached = { text, suppressions: parseSuppressions(text) };
      this.suppressions.set(file, cached);
    }
    const s = cached.suppressions;
    if (s.file.size === 0 && s.lines.length === 0) return findings;
    const lines = this.positions.lines(file);
    return findings.filter((f) => !isSuppressed(f, s, lines));
  }
}

function same(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
