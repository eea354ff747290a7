// The fixes, keyed by `finding.data.fix` (rules name the fix they want), or by the finding's code for problems the
// extractor reports without data. To add a fix: write one file exporting a FixProvider and register it in index.ts.
import type { Finding } from '../core';
import type { FixContext, FixProvider, QuickFix } from './types';

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
  for (const provider of providers.get(fixKey(ctx.finding)) ?? []) {
    try {
      out.push(...provider.fixes(ctx).filter((f) => f.edits.length > 0));
    } catch (err) {
      onError?.(provider.key, err);
    }
  }
  return out;
}
