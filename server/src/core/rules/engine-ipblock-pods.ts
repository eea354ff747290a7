// Whether an ipBlock matches pod IPs is implementation-defined (Kubernetes says ipBlock should name cluster-external
// addresses). Cilium does not match pod IPs with ipBlock (a documented missing feature), so a
// private range meant to cover pods admits none of them. Calico matches any address, pods included (its docs show an
// ipBlock admitting pods in a CIDR; projectcalico/calico#6634), so a broad block without except for the private ranges
// admits in-cluster pods beyond what the selectors say. Blocks inside private space cannot be judged without the pod
// CIDR, so on Calico only blocks taking in a whole private range are reported.
import { cidrContains, parseCidr, Cidr } from '../cidr';
import type { Rule, RuleFinding } from './rule';
import { publicEntry } from './port-checks';
import { allRules } from './walk';

/** Private and shared address ranges pods and nodes are usually numbered from. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((t) => parseCidr(t)!);

function overlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export const engineIpblockPods: Rule = {
  id: 'engine-ipblock-pods',
  title: 'ipBlock and pod IPs on an engine that treats them differently',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'cilium' && ctx.engine !== 'calico') return [];
    const findings: RuleFinding[] = [];
    for (const rule of allRules(policy)) {
      for (const peer of rule.peers ?? []) {
        const block = peer.ipBlock;
        const cidr = block ? parseCidr(block.cidr) : undefined;
        if (!block || !cidr) continue;
        const excepts = block.except.map((e) => parseCidr(e)).filter((e): e is Cidr => !!e);
        const privateInside = PRIVATE.filter((p) => p.version === cidr.version && overlaps(cidr, p));
        if (privateInside.length === 0) continue;
        // A public entry point (a LoadBalancer/NodePort Service's ports) is open to everyone anyway.
        if (rule.direction === 'ingress' && publicEntry(policy, rule, ctx)) continue;
        if (ctx.engine === 'cilium') {
          // A block inside private space names in-cluster or VNet addresses; the whole internet (/0) is another intent.
          if (cidr.prefix === 0) continue;
          findings.push({
            severity: 'info',
            message:
              `Cilium does not match pod IPs with ipBlock (a documented missing feature): if ${block.cidr} is meant ` +
              `to cover pods, this peer admits none of them. Select pods with podSelector/namespaceSelector instead.`,
            span: block.cidrSpan,
          });
        } else {
          // Only blocks that take in a whole private range: a small block (a VNet subnet) cannot be judged without the pod CIDR.
          const uncovered = privateInside.filter((p) => cidrContains(cidr, p) && !excepts.some((e) => e.version === p.version && cidrContains(e, p)));
          if (uncovered.length === 0) continue;
          const ranges = uncovered.map((p) => p.text).join(', ');
          findings.push({
            message:
              `Calico applies ipBlock to every address, pod IPs included: pods numbered from ${ranges} are admitted by this peer, beyond what ` +
              `the selectors of ${policy.id} say. Add the pod and node ranges to except, or select pods with selectors.`,
            span: block.cidrSpan,
          });
        }
      }
    }
    return findings;
  },
};
