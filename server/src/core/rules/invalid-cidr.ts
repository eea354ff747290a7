// An ipBlock cidr or except entry that is not a CIDR (a bare address, a typo, a prefix too long): the API server
// rejects the policy. A bare address gets a quick fix to `/32` (`/128` for IPv6). A missing cidr is a schema problem.
import { parseIp } from '../cidr';
import type { Rule, RuleFinding } from './rule';
import { ipBlocks } from './ipblocks';

export const invalidCidr: Rule = {
  id: 'invalid-cidr',
  title: 'ipBlock cidr or except is not a valid CIDR',
  defaultSeverity: 'error',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    const check = (text: string, span: RuleFinding['span'], field: string): void => {
      const ip = parseIp(text.trim());
      const hint = ip ? ` A single address is written ${text.trim()}/${ip.version === 4 ? 32 : 128}.` : ' Write an address and a prefix length, e.g. 10.0.0.0/16.';
      findings.push({
        message: `"${text}" is not a valid CIDR, so the API server rejects ${policy.id} (ipBlock ${field}).${hint}`,
        span,
        data: ip ? { fix: 'replace-text', replacement: `${text.trim()}/${ip.version === 4 ? 32 : 128}` } : undefined,
      });
    };
    for (const entry of ipBlocks(policy)) {
      if (entry.block.cidr !== '' && !entry.cidr) check(entry.block.cidr, entry.block.cidrSpan, 'cidr');
      for (const e of entry.excepts) if (!e.cidr) check(e.text, e.span, 'except');
    }
    return findings;
  },
};
