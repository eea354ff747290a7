// Every `except` entry must be a strict subset of the ipBlock's cidr (same IP family, inside it, a longer prefix);
// otherwise the API server rejects the policy. Usually a typo in one octet, or an except meant for another ipBlock.
import { cidrContains } from '../cidr';
import type { Rule, RuleFinding } from './rule';
import { ipBlocks } from './ipblocks';

export const ipblockExceptOutsideCidr: Rule = {
  id: 'ipblock-except-outside-cidr',
  title: 'ipBlock except is not inside cidr',
  defaultSeverity: 'error',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const entry of ipBlocks(policy)) {
      const cidr = entry.cidr;
      if (!cidr) continue;
      for (const e of entry.excepts) {
        if (!e.cidr) continue;
        const inside = cidrContains(cidr, e.cidr) && e.cidr.prefix > cidr.prefix;
        if (inside) continue;
        const why =
          e.cidr.version !== cidr.version
            ? `it is IPv${e.cidr.version} and ${entry.block.cidr} IPv${cidr.version}`
            : cidrContains(cidr, e.cidr)
              ? `it is not smaller than ${entry.block.cidr}`
              : `it is not inside ${entry.block.cidr}`;
        findings.push({
          message:
            `except ${e.text} must be a strict subset of cidr ${entry.block.cidr}, but ${why}: the API server rejects ${policy.id}. ` +
            `Fix the address, or move it to the ipBlock it belongs to.`,
          span: e.span,
          related: [{ span: entry.block.cidrSpan, message: `cidr ${entry.block.cidr}` }],
        });
      }
    }
    return findings;
  },
};
