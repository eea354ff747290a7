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
  // by fuzzing, test/fuzz/quick-fixes.test.ts). The syntax error is shown; once it is fixed, so are the fixes. The
  // same for edits landing in a broken document: a policy appended after an unclosed quote became part of the string.
  if (!providers.has(fixKey(ctx.finding))) return out;
  const broken = brokenDocuments(ctx.text);
  const inBroken = (offset: number): boolean => broken.some(([start, end]) => start <= offset && offset <= end);
  if (inBroken(ctx.finding.span.start)) return out;
  for (const provider of providers.get(fixKey(ctx.finding)) ?? []) {
    try {
      out.push(...provider.fixes(ctx).filter((f) => f.edits.length > 0 && !f.edits.some((e) => inBroken(e.start) || inBroken(e.end))));
    } catch (err) {
      onError?.(provider.key, err);
    }
  }
  return out;
}

/** The [start, end] offsets of the documents with YAML errors (code actions other than fixes obey the rule too). */
export function brokenDocuments(text: string): [number, number][] {
  try {
    // A broken document reaches to the next one: tokens the parser could not place in it (after an unclosed key,
    // say) lie past its range, in no document at all.
    const docs = new Source(text).documents();
    return docs.flatMap((d, i): [number, number][] => (d.errors.length > 0 ? [[d.range[0], i + 1 < docs.length ? docs[i + 1].range[0] : text.length]] : []));
  } catch {
    return [[0, text.length]]; // a text the parser cannot even read is broken
  }
}
