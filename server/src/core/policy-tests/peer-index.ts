// Which endpoints an isolated endpoint's rules could admit at all, found through the namespaces its peers select
// rather than by trying every endpoint: for a pair outside that set, nothing is allowed, and Reachability need not
// be asked. This keeps namespace-wide policy tests and test generation near-linear on large workspaces.
import type { Model } from '../model';
import type { Endpoint, Reachability } from '../reach';
import type { Direction, LabelSelector } from '../types';

/** Every endpoint may be a peer (not isolated, or a rule without `from`/`to`). */
export const ANY_PEER = 'any';

export class PeerIndex {
  private readonly cache = new Map<string, Set<string> | typeof ANY_PEER>();
  private readonly namespacesBySelector = new Map<LabelSelector, string[]>();
  private readonly extraByNamespace = new Map<string, Endpoint[]>();

  /** `extra`: endpoints that are not workloads of the model (the assumed cluster DNS pods). */
  constructor(
    private readonly model: Model,
    private readonly reach: Reachability,
    extra: readonly Endpoint[] = [],
  ) {
    for (const e of extra) {
      const list = this.extraByNamespace.get(e.namespace);
      if (list) list.push(e);
      else this.extraByNamespace.set(e.namespace, [e]);
    }
  }

  /**
   * Ids of the endpoints `endpoint`'s `direction` rules could admit as peers (sources for ingress, destinations
   * for egress), or ANY_PEER. An endpoint outside the set gets nothing in that direction.
   */
  candidates(endpoint: Endpoint, direction: Direction): Set<string> | typeof ANY_PEER {
    const key = endpoint.id !== undefined ? `${direction}\u0000${endpoint.id}` : undefined;
    const cached = key !== undefined ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const result = this.compute(endpoint, direction);
    if (key !== undefined) this.cache.set(key, result);
    return result;
  }

  /** False when `peer` certainly gets nothing from `endpoint`'s `direction` rules. */
  mayAdmit(endpoint: Endpoint, direction: Direction, peer: Endpoint): boolean {
    const set = this.candidates(endpoint, direction);
    return set === ANY_PEER || (peer.id !== undefined && set.has(peer.id));
  }

  private compute(endpoint: Endpoint, direction: Direction): Set<string> | typeof ANY_PEER {
    const peers = this.reach.candidatePeers(endpoint, direction, {
      endpointsIn: (ns) => [...this.model.workloadsIn(ns), ...(this.extraByNamespace.get(ns) ?? [])],
      namespacesMatching: (selector) => this.namespacesMatching(selector),
    });
    if (!peers) return ANY_PEER;
    const ids = new Set<string>();
    for (const e of peers) if (e.id !== undefined) ids.add(e.id);
    return ids;
  }

  private namespacesMatching(selector: LabelSelector): string[] {
    let names = this.namespacesBySelector.get(selector);
    if (!names) {
      names = this.reach.namespacesMatching(selector);
      this.namespacesBySelector.set(selector, names);
    }
    return names;
  }
}
