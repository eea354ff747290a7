// A rule with neither peers nor ports (`- {}`) allows every connection in its direction: every pod, every address,
// every port. Often meant as the opposite (`ingress: []` denies all), and it makes every other rule of that direction
// for the same pods moot.
import type { Rule, RuleFinding } from './rule';
import { FROM_TO } from './scope';
import { enforcedRules } from './walk';

export const allowAllRule: Rule = {
  id: 'allow-all-rule',
  title: 'Rule that allows all traffic (`{}`)',
  defaultSeverity: 'info',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      // Explicitly empty lists (`from: []`) are empty-list-means-all's to explain.
      if (rule.peersSpan || rule.portsSpan) continue;
      const direction = rule.direction;
      const traffic = direction === 'ingress' ? 'inbound connections to' : 'outbound connections from';
      const peers = direction === 'ingress' ? 'from' : 'to';
      findings.push({
        message:
          `This ${direction} rule has no \`${FROM_TO[direction]}\` and no \`ports\`, so it allows all ${traffic} the pods ${policy.id} ` +
          `selects, ${peers} every pod and address, on every port. (\`${direction}: [{}]\` allows all; \`${direction}: []\` denies all.) ` +
          `If you meant to deny, delete the rule.`,
        span: rule.span,
      });
    }
    return findings;
  },
};
