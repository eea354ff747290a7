// Findings → LSP diagnostics: code = rule id, codeDescription = its docs page, source netpol-lens, related
// information mapped. Published per file when they change (and for an open document whenever its version moved, so
// that the editor knows they are current), cleared when a file has none left; suppression comments applied here.
import { Connection, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { docsUrl, Finding, Severity } from '../core';
import { AnalysisResult, sameFinding } from '../core/incremental';
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
  private readonly published = new Map<string, { findings: Finding[]; version?: number; text?: string }>();
  private readonly suppressions = new Map<string, { text: string; suppressions: Suppressions }>();
  private readonly visible = new Map<string, Finding[]>();
  /** Errors and warnings over `visible`, kept as files change (summing every finding per publish cost a keystroke ~5 ms on large). */
  private readonly totals: Counts = { errors: 0, warnings: 0 };
  /** Changed files left for the next full publish (a partial one publishes only open files). */
  private readonly deferred = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly positions: Positions,
    private readonly index: WorkspaceIndex,
  ) {}

  /** The findings shown for a file (after suppression comments), as last published. */
  findingsOf(file: string): readonly Finding[] {
    return this.visible.get(file) ?? [];
  }

  /**
   * Publishes what changed: files whose findings changed, open documents at a new version, files whose text changed
   * (suppression comments) or that left the index. Returns the counts over everything shown.
   */
  publish(result: AnalysisResult, openOnly = false): Counts {
    const candidates = new Set<string>();
    for (const file of result.changedFiles) {
      if (!openOnly || this.index.isOpen(file)) candidates.add(file);
      else this.deferred.add(file);
    }
    for (const file of this.index.openFiles()) candidates.add(file);
    if (!openOnly) {
      for (const file of this.deferred) candidates.add(file);
      this.deferred.clear();
      for (const [file, p] of this.published) if (result.fresh || this.index.text(file) !== p.text) candidates.add(file);
      if (result.fresh) for (const file of this.visible.keys()) candidates.add(file);
    }
    for (const file of candidates) {
      if (!file) continue;
      const text = this.index.text(file);
      const shown = text === undefined ? [] : this.unsuppressed(file, text, result.byFile.get(file) ?? []);
      this.setVisible(file, shown);
      const version = this.index.openVersion(file);
      const before = this.published.get(file);
      if (before && before.version === version && before.text === text && same(before.findings, shown)) continue;
      if (!before && shown.length === 0 && version === undefined) continue;
      void this.connection.sendDiagnostics({ uri: this.positions.uriOf(file), version, diagnostics: shown.map((f) => toDiagnostic(f, this.positions)) });
      if (shown.length === 0 && version === undefined) this.published.delete(file);
      else this.published.set(file, { findings: shown, version, text });
    }
    return { ...this.totals };
  }

  private setVisible(file: string, shown: Finding[]): void {
    const tally = (findings: readonly Finding[] | undefined, sign: number): void => {
      for (const f of findings ?? []) {
        if (f.severity === 'error') this.totals.errors += sign;
        else if (f.severity === 'warning') this.totals.warnings += sign;
      }
    };
    tally(this.visible.get(file), -1);
    tally(shown, 1);
    if (shown.length) this.visible.set(file, shown);
    else this.visible.delete(file);
  }

  /** A document that left the index (closed outside the workspace): clear what it showed. */
  clear(file: string): void {
    this.setVisible(file, []);
    if (!this.published.delete(file)) return;
    void this.connection.sendDiagnostics({ uri: this.positions.uriOf(file), diagnostics: [] });
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
  return a.length === b.length && a.every((f, i) => sameFinding(f, b[i]));
}
