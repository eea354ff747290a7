// With no policy engine (engine: none, e.g. flannel or kubenet alone), NetworkPolicy objects are stored by the API
// server and enforced by nobody: every pod stays open. Kubernetes' documentation says so in its prerequisites.
import type { Rule } from './rule';
import { selectedWorkloads } from './scope';

export const engineNoEnforcement: Rule = {
  id: 'engine-no-enforcement',
  title: 'No policy engine: NetworkPolicy is not enforced',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'none') return [];
    const count = selectedWorkloads(policy, ctx).length;
    const pods = count ? ` (${count} workload${count === 1 ? '' : 's'} in view)` : '';
    return [
      {
        message:
          `The cluster runs no NetworkPolicy engine (engine: none), so ${policy.id} is stored but not enforced: the pods it selects${pods} stay open. ` +
          `Enable a policy engine (Azure NPM, Calico, Cilium), or set the engine you run (netpolLens.engine, --engine).`,
        span: policy.nameSpan,
      },
    ];
  },
};
