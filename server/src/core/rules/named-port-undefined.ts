// A named port resolves, per destination pod, to the container port of that name and protocol. When no destination
// pod in view declares it, the entry allows nothing; towards ipBlock addresses a name never resolves at all.
import { editDistance } from '../suggest';
import type { Rule, RuleFinding } from './rule';
import { entryProblems } from './port-checks';
import { endpointName, listNames } from './scope';
import { enforcedRules } from './walk';

export const namedPortUndefined: Rule = {
  id: 'named-port-undefined',
  title: 'Named port not declared by any destination pod',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      const named = (rule.ports ?? []).filter((e) => typeof e.port === 'string' && e.endPort === undefined && e.protocolValid);
      if (named.length === 0) continue;
      const peers = rule.peers ?? [];
      if (rule.direction === 'egress' && peers.length > 0 && peers.every((p) => p.ipBlock)) {
        for (const entry of named) {
          findings.push({
            message:
              `Named port "${entry.port}" cannot match traffic to ipBlock addresses: names resolve only on the destination pods' ` +
              `containers, so this entry allows nothing here. Use the port number.`,
            span: entry.portSpan ?? entry.span,
          });
        }
        continue;
      }
      const whom = rule.direction === 'ingress' ? `the pods ${policy.id} selects` : 'the pods this rule allows traffic to';
      for (const { entry, problem, destinations } of entryProblems(policy, rule, ctx, 'named-undefined', named)) {
        const near = problem.known
          .map((n) => ({ n, d: editDistance(problem.name, n) }))
          .filter((x) => x.d <= Math.max(2, Math.floor(problem.name.length / 3)))
          .sort((a, b) => a.d - b.d)[0]?.n;
        const protocolHint = problem.otherProtocols.length
          ? ` ("${problem.name}" is declared for ${problem.otherProtocols.join('/')}, not ${problem.protocol}.)`
          : near
            ? ` Did you mean "${near}"?`
            : problem.known.length
              ? ` They declare ${listNames(problem.known.map((n) => `"${n}"`), 6)}.`
              : ' They declare no named ports.';
        findings.push({
          message:
            `Named port "${problem.name}" (${problem.protocol}) is not declared by any of ${whom} ` +
            `(${listNames(destinations.map(endpointName))}), so this entry allows nothing.${protocolHint}`,
          span: entry.portSpan ?? entry.span,
          data: { fix: 'replace-port', suggestions: near ? [near] : [] },
        });
      }
    }
    return findings;
  },
};
