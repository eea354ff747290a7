// Shared by the policyTypes fixes: the list to write, keeping the directions already in effect.
import type { NetworkPolicy } from '../core';
import type { TextEdit } from './types';
import { appendToList, insertPair, isNullValue, mapAt, pairOf, Source } from './yaml-source';

const ORDER = ['Ingress', 'Egress'];

/**
 * Edits that make `types` part of the policy's policyTypes. A written, non-empty list gets the missing entries
 * appended. An absent or empty list is written out: with `keepInEffect`, with the directions in effect today plus
 * `types` (an absent or empty policyTypes means "Ingress, plus Egress when there are egress rules"); without it,
 * exactly `types`.
 */
export function addPolicyTypes(
  src: Source,
  offset: number,
  policy: NetworkPolicy | undefined,
  types: string[],
  keepInEffect = true,
): TextEdit[] | undefined {
  const object = src.objectAt(offset, 'NetworkPolicy');
  const spec = mapAt(object, 'spec');
  if (!spec) return undefined;
  const declared = policy?.declaredPolicyTypes ?? [];
  const pair = pairOf(spec, 'policyTypes');
  if (pair && !isNullValue(pair.value) && declared.length > 0) {
    const missing = ORDER.filter((t) => types.includes(t) && !declared.includes(t));
    if (missing.length === 0) return undefined;
    const edits: TextEdit[] = [];
    for (const t of missing) {
      const e = appendToList(src, spec, 'policyTypes', t);
      if (!e) return undefined;
      edits.push(...e);
    }
    return mergeInsertions(edits);
  }
  const inEffect = !keepInEffect ? [] : policy ? [policy.affectsIngress ? 'Ingress' : '', policy.affectsEgress ? 'Egress' : ''] : ['Ingress'];
  const wanted = ORDER.filter((t) => types.includes(t) || inEffect.includes(t));
  if (pair) {
    const value = pair.value as { range?: [number, number, number] } | null;
    if (value?.range && !isNullValue(pair.value)) return [{ start: value.range[0], end: value.range[1], newText: `[${wanted.join(', ')}]` }];
    const key = (pair.key as { range?: [number, number, number] }).range;
    const colon = key ? src.text.indexOf(':', key[1]) : -1;
    if (colon < 0) return undefined;
    const end = value?.range ? value.range[1] : colon + 1;
    return [{ start: colon + 1, end, newText: ` [${wanted.join(', ')}]` }];
  }
  return insertPair(src, spec, 'policyTypes', wanted, ['podSelector']);
}

/** Two appends at one spot (Ingress then Egress) become one edit. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last && last.start === e.start && last.end === e.end && e.start === e.end) last.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
