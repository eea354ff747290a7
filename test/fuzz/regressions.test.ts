// Bugs the fuzzing found, each pinned by the smallest input that showed it (see docs/reliability.md).
import assert from 'node:assert/strict';
import { generatePolicyTests, runPolicyTests } from '../../server/src/core';
import { workspaceOf, yaml } from '../helpers/workspace';

describe('fuzz regressions: core', () => {
  it('generated policy tests leave out workloads a test case cannot name (empty or invalid name), and all pass', () => {
    const manifests = {
      'a.yaml': yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: ""
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: unnamed}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: Web_1
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: upper}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: web}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-all
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
          egress:
            - to: [{podSelector: {}}]
      `,
    };
    const generated = generatePolicyTests(workspaceOf(manifests).model());
    assert.doesNotMatch(generated, /shop\/(\s|$)|shop\/StatefulSet\/\s|Web_1/);
    assert.match(generated, /from: shop\/web/, 'the nameable workload is still pinned');
    const results = runPolicyTests(workspaceOf({ ...manifests, 'gen.netpol-test.yaml': generated }).model());
    const statuses = results.flatMap((f) => f.results.map((r) => `${r.status}: ${r.name} ${r.reason ?? ''}`));
    assert.ok(statuses.length > 0);
    assert.deepEqual(
      statuses.filter((s) => !s.startsWith('pass')),
      [],
    );
  });
});
