// `10.0.0.1/8` is accepted and read as `10.0.0.0/8`: the bits after the prefix are dropped. Either the prefix is
// wrong (a single host was meant: /32) or the address is (the network was meant); both readings are offered.
import type { Rule, RuleFinding } from './rule';
import { ipBlocks, networkText } from './ipblocks';

export const cidrHostBits: Rule = {
  id: 'cidr-host-bits',
  title: 'CIDR with host bits set',
  defaultSeverity: 'warning',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const entry of ipBlocks(policy)) {
      const all = [
        { text: entry.block.cidr, span: entry.block.cidrSpan, cidr: entry.cidr },
        ...entry.excepts,
      ];
      for (const { text, span, cidr } of all) {
        if (!cidr || !cidr.hostBitsSet) continue;
        const network = networkText(cidr);
        const host = `${text.slice(0, text.indexOf('/'))}/${cidr.version === 4 ? 32 : 128}`;
        findings.push({
          message:
            `${text} has bits set after its /${cidr.prefix} prefix; Kubernetes reads it as ${network}. ` +
            `Write ${network} if you meant the network, or ${host} for the single address.`,
          span,
          data: { fix: 'replace-text', replacements: [network, host] },
        });
      }
    }
    return findings;
  },
};
