// What a policy test case stands for once resolved against the model: the workloads each side names, and the ports
// it tests as the destination pods see them (a Service's ports translated to its target ports, named ports resolved
// on each destination). Editor hovers show it next to the verdict. It resolves with the same functions as the
// check itself (evaluate.ts), so what the hover says was evaluated is what was evaluated.
import type { Model } from '../model';
import type { Endpoint, Reachability } from '../reach';
import type { Service } from '../types';
import { resolvePorts, resolveSide, throughService } from './evaluate';
import { endpointText, portsText } from './read';
import type { EndpointRef, PolicyTestCase, TestPort } from './types';

export type ResolvedSide =
  /** Pods: the workloads (and the assumed cluster DNS pods) a side names; a Service stands for the pods it selects. */
  | { kind: 'pods'; written: string; endpoints: Endpoint[]; service?: Service }
  /** Addresses outside the cluster. */
  | { kind: 'address'; written: string }
  /** Nothing: an unknown workload, a selector matching nothing (the reason says what it probably meant). */
  | { kind: 'unresolved'; written: string; reason: string };

export interface ResolvedPort {
  /** As written: `TCP http`, `TCP 5432`, `TCP 8000-8100`, `every UDP port`. */
  written: string;
  /** Through a Service destination: the target ports the Service forwards the tested port to (`8080`, `http`). */
  targetPorts?: (number | string)[];
  /** A port name is tested (as written, or as a Service's target port): it may mean another number on each pod. */
  named: boolean;
  /** The ports tested on the destination, one entry per distinct answer, with the destinations it holds for. */
  resolved: { ports: string; endpoints: Endpoint[] }[];
  /** Why the port does not resolve (on some destination, or through the Service); the case fails with it. */
  problem?: string;
}

export interface PolicyTestCaseDetail {
  from: ResolvedSide;
  to: ResolvedSide;
  ports: ResolvedPort[];
}

/** The sides and ports of a case, resolved as runPolicyTest resolves them. */
export function resolvePolicyTestCase(c: PolicyTestCase, model: Model, reach: Reachability): PolicyTestCaseDetail {
  const from = side(c.from, model, reach);
  const to = side(c.to, model, reach);
  return { from, to, ports: c.ports.map((p) => resolvePort(p, to)) };
}

function side(ref: EndpointRef, model: Model, reach: Reachability): ResolvedSide {
  const written = endpointText(ref);
  const resolved = resolveSide(ref, model, reach);
  if (!resolved.ok) return { kind: 'unresolved', written, reason: resolved.reason };
  if (resolved.value.kind === 'address') return { kind: 'address', written };
  return { kind: 'pods', written, endpoints: resolved.value.endpoints, service: resolved.value.service };
}

function resolvePort(port: TestPort, to: ResolvedSide): ResolvedPort {
  const written = portsText([port]);
  let tested: TestPort[] = [port];
  let targetPorts: (number | string)[] | undefined;
  if (to.kind === 'pods' && to.service) {
    const through = throughService(tested, to.service);
    if (!through.ok) return { written, named: typeof port.port === 'string', resolved: [], problem: through.reason };
    tested = through.value;
    targetPorts = [...new Set(tested.map((p) => p.port!))];
  }
  const named = tested.some((p) => typeof p.port === 'string');
  if (to.kind === 'unresolved') return { written, targetPorts, named, resolved: [] };
  if (to.kind === 'address') {
    // Named ports resolve on destination pods; an address has none.
    const ports = resolvePorts(tested, undefined);
    return ports.ok ? { written, named, resolved: [{ ports: ports.value.toString(), endpoints: [] }] } : { written, named, resolved: [], problem: ports.reason };
  }
  const byAnswer = new Map<string, Endpoint[]>();
  let problem: string | undefined;
  // Numbers mean the same on every destination; only a named port needs each destination's containers.
  for (const destination of named ? to.endpoints : to.endpoints.slice(0, 1)) {
    const ports = resolvePorts(tested, destination);
    if (!ports.ok) {
      problem ??= ports.reason;
      continue;
    }
    const key = ports.value.toString();
    const list = byAnswer.get(key);
    if (list) list.push(destination);
    else byAnswer.set(key, [destination]);
  }
  const resolved = [...byAnswer].map(([ports, endpoints]) => ({ ports, endpoints: named ? endpoints : [...to.endpoints] }));
  return { written, targetPorts, named, resolved, problem };
}
