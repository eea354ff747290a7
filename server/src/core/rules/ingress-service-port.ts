// An ingress rule that allows a Service's port instead of the port its pods listen on (the Service's targetPort).
import type { Rule } from './rule';
import { servicePortFindings } from './service-port';

export const ingressServicePort: Rule = {
  id: 'ingress-service-port',
  title: 'Ingress allows the Service port instead of the pod (target) port',
  defaultSeverity: 'warning',
  checkPolicy: (policy, ctx) => servicePortFindings(policy, ctx, 'ingress'),
};
