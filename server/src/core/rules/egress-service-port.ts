// An egress rule towards a Service's pods on the Service's port instead of its targetPort: the calls through the
// Service are blocked on the caller's side.
import type { Rule } from './rule';
import { servicePortFindings } from './service-port';

export const egressServicePort: Rule = {
  id: 'egress-service-port',
  title: 'Egress allows the Service port instead of the pod (target) port',
  defaultSeverity: 'warning',
  checkPolicy: (policy, ctx) => servicePortFindings(policy, ctx, 'egress'),
};
