// Small, budgeted accessors over the `yaml` AST. Aliases are followed, but every node visited is charged to a
// per-document budget so that alias bombs (billion laughs) end in a finding rather than a hang.
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from './types';

export class BudgetExceeded extends Error {
  constructor() {
    super('alias expansion budget exceeded');
  }
}

/**
 * The work a document may cost: a fixed allowance plus one unit per character. Ordinary documents cost well under a
 * unit per character (a 5,000-item `kind: List` must not be mistaken for a bomb); an alias bomb is tiny text that
 * expands to millions of nodes.
 */
export function budgetFor(doc: Document.Parsed): number {
  const [start, , end] = doc.range;
  return 200_000 + Math.max(0, end - start);
}

export class AstReader {
  private remaining: number;
  /** Alias → anchored node, built once per document (yaml's own Alias.resolve walks the whole document per call). */
  private aliasTargets?: Map<Alias, Node | undefined>;
  /** Pairs of each mapping with merges expanded, computed (and charged) once. */
  private readonly pairsCache = new WeakMap<YAMLMap<unknown, unknown>, Pair<unknown, unknown>[]>();

  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    budget = budgetFor(doc),
  ) {
    this.remaining = budget;
  }

  /** Follows an alias to its anchored node. */
  resolve(node: unknown): Node | null {
    if (--this.remaining < 0) throw new BudgetExceeded();
    let current = node;
    for (let hops = 0; isAlias(current) && hops < 64; hops++) {
      current = this.target(current);
    }
    if (current === undefined || current === null || isAlias(current)) return null;
    return current as Node;
  }

  /** The node an alias names: the last node anchored with that name before the alias, as YAML specifies. */
  private target(alias: Alias): Node | undefined {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, Node | undefined>();
      const anchors = new Map<string, Node>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias);
  }

  map(node: unknown): YAMLMap<unknown, unknown> | null {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : null;
  }

  seq(node: unknown): YAMLSeq<unknown> | null {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved : null;
  }

  /**
   * The pairs of a mapping in override order (a later pair with the same key wins). `<<` merge keys, which
   * Kubernetes' YAML 1.1 reader honours, are expanded in place: merged pairs first, own pairs after them.
   */
  pairs(map: YAMLMap<unknown, unknown>, depth = 0): Pair<unknown, unknown>[] {
    // Every get() asks for the pairs again: without the cache a mapping of k keys costs k per lookup.
    const cached = depth === 0 ? this.pairsCache.get(map) : undefined;
    if (cached) return cached;
    this.remaining -= map.items.length;
    if (this.remaining < 0) throw new BudgetExceeded();
    const merged: Pair<unknown, unknown>[] = [];
    const own: Pair<unknown, unknown>[] = [];
    for (const p of map.items) {
      if (!isPair(p)) continue;
      if (isMergeKey(p.key) && depth < 16) {
        const source = this.resolve(p.value);
        const sources = isSeq(source) ? [...this.items(source)].reverse() : [source];
        for (const s of sources) {
          const m = this.map(s);
          if (m) merged.push(...this.pairs(m, depth + 1));
        }
      } else {
        own.push(p);
      }
    }
    const result = merged.length ? [...merged, ...own] : own;
    if (depth === 0) this.pairsCache.set(map, result);
    return result;
  }

  items(seq: YAMLSeq<unknown>): unknown[] {
    this.remaining -= seq.items.length;
    if (this.remaining < 0) throw new BudgetExceeded();
    return seq.items;
  }

  /** The pair whose key is the scalar `key`. With duplicates, the last wins, as in Kubernetes. */
  pair(map: YAMLMap<unknown, unknown> | null, key: string): Pair<unknown, unknown> | undefined {
    if (!map) return undefined;
    let found: Pair<unknown, unknown> | undefined;
    for (const p of this.pairs(map)) {
      if (isScalar(p.key) && keyText(p.key) === key) found = p;
    }
    return found;
  }

  /** The value node at `key` (aliases resolved), or null when absent or null. */
  get(map: YAMLMap<unknown, unknown> | null, key: string): Node | null {
    const p = this.pair(map, key);
    if (!p) return null;
    const value = this.resolve(p.value);
    if (isScalar(value) && value.value === null) return null;
    return value;
  }

  getMap(map: YAMLMap<unknown, unknown> | null, key: string): YAMLMap<unknown, unknown> | null {
    return this.map(this.get(map, key));
  }

  getSeq(map: YAMLMap<unknown, unknown> | null, key: string): YAMLSeq<unknown> | null {
    return this.seq(this.get(map, key));
  }

  /** The scalar at `key` as a string (numbers and booleans as written), or undefined. */
  getString(map: YAMLMap<unknown, unknown> | null, key: string): string | undefined {
    const node = this.get(map, key);
    return isScalar(node) ? scalarText(node) : undefined;
  }

  span(node: unknown, fallback?: Span): Span {
    return spanOf(this.file, node, fallback);
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/** A mapping key as written (`y` stays `y`, although YAML 1.1 would read it as a boolean). */
export function keyText(node: Scalar): string {
  if (typeof node.source === 'string') return node.source;
  return String(node.value);
}

/** A scalar's value as Kubernetes would read it if it were a string field. */
export function scalarText(node: Scalar): string {
  if (node.value === null || node.value === undefined) return '';
  if (typeof node.source === 'string' && typeof node.value !== 'string') return node.source;
  return String(node.value);
}

export function spanOf(file: string, node: unknown, fallback?: Span): Span {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range) return { file, start: range[0], end: range[1] };
  return fallback ?? { file, start: 0, end: 0 };
}

/** The span from a pair's key to the end of its value. */
export function pairSpan(file: string, pair: Pair<unknown, unknown>): Span {
  const key = spanOf(file, pair.key);
  const value = (pair.value as { range?: [number, number, number] } | null)?.range;
  return { file, start: key.start, end: value ? Math.max(value[1], key.end) : key.end };
}

export { isMap, isScalar, isSeq };
