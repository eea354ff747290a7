// The fixes, keyed by `finding.data.fix` (rules name the fix they want), or by the finding's code for problems the
// extractor reports without data. To add a fix: write one file exporting a FixProvider and register it in index.ts.
import type { Finding } from '../core';
import type { FixContext, FixProvider, QuickFix } from './types';
import { Source } from './yaml-source';

const providers = new Map<string, FixProvider[]>();

export function registerFix(provider: FixProvider): void {
  const list = providers.get(provider.key);
  if (list) list.push(provider);
  else providers.set(provider.key, [provider]);
}

export function fixKey(finding: Finding): string {
  const fix = finding.data?.fix;
  return typeof fix === 'string' ? fix : finding.code;
}

export function hasFix(finding: Finding): boolean {
  return providers.has(fixKey(finding));
}

/** Every fix registered for the finding that applies to the text. A fix that throws is skipped. */
export function fixesFor(ctx: FixContext, onError?: (provider: string, err: unknown) => void): QuickFix[] {
  const out: QuickFix[] = [];
  // No fix inside a document the YAML parser reports errors in: its structure is a guess, and fixes built on the guess
  // made the file worse (a DNS rule inserted between a key and its list, policyTypes merged into a stray list; found
  // by fuzzing, test/fuzz/quick-fixes.test.ts). The syntax error is shown; once it is fixed, so are the fixes.
  if (!providers.has(fixKey(ctx.finding)) || inBrokenDocument(ctx.text, ctx.finding.span.start)) return out;
  for (const provider of providers.get(fixKey(ctx.finding)) ?? []) {
    try {
      out.push(...provider.fixes(ctx).filter((f) => f.edits.length > 0));
    } catch (err) {
      onError?.(provider.key, err);
    }
  }
  return out;
}

function inBrokenDocument(text: string, offset: number): boolean {
  try {
    const doc = new Source(text).documents().find((d) => d.range[0] <= offset && offset <= d.range[2]);
    return doc !== undefined && doc.errors.length > 0;
  } catch {
    return true; // a text the parser cannot even read is broken
  }
}
