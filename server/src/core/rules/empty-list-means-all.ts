// `from: []`, `to: []` and `ports: []` read like "nothing" but mean "everything": an empty or null list is the same as
// leaving the field out. A rule written that way admits every source (destination) or every port.
import type { Rule, RuleFinding } from './rule';
import { FROM_TO, keySpan } from './scope';
import { enforcedRules } from './walk';

export const emptyListMeansAll: Rule = {
  id: 'empty-list-means-all',
  title: 'Empty from/to/ports list means all, not none',
  defaultSeverity: 'warning',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      const direction = rule.direction;
      const key = FROM_TO[direction];
      const noPorts = !rule.ports || rule.ports.length === 0;
      if (rule.peersSpan && (!rule.peers || rule.peers.length === 0)) {
        const who = direction === 'ingress' ? 'every source' : 'every destination';
        findings.push({
          message:
            `An empty \`${key}\` is the same as no \`${key}\`: this rule admits ${who} (all pods in all namespaces and every address)` +
            `${noPorts ? ' on every port' : ''}. List the ${direction === 'ingress' ? 'sources' : 'destinations'} you mean, or delete the rule to admit none.`,
          span: keySpan(rule.peersSpan, key),
          data: { fix: 'empty-list', policy: policy.id, direction, rule: rule.index, field: key },
        });
      }
      if (rule.portsSpan && noPorts) {
        findings.push({
          message: `An empty \`ports\` is the same as no \`ports\`: this rule allows every port of every protocol. List the ports you mean.`,
          span: keySpan(rule.portsSpan, 'ports'),
          data: { fix: 'empty-list', policy: policy.id, direction, rule: rule.index, field: 'ports' },
        });
      }
    }
    return findings;
  },
};
