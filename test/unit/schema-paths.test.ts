import assert from 'node:assert/strict';
import { NETWORK_POLICY_SCHEMA_PATHS as paths, SchemaPaths } from '../../server/src/core/schema-paths';

const names = (path: (string | number)[]): string[] | undefined => paths.fieldsAt(path)?.map((f) => f.name);

describe('schema paths (schemas/networkpolicy.schema.json by YAML path)', () => {
  it('lists the fields of each NetworkPolicy mapping, in schema order', () => {
    assert.deepEqual(names([]), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.deepEqual(names(['spec']), ['podSelector', 'policyTypes', 'ingress', 'egress']);
    assert.deepEqual(names(['spec', 'ingress', 0]), ['from', 'ports']);
    assert.deepEqual(names(['spec', 'egress', 3]), ['to', 'ports']);
    assert.deepEqual(names(['spec', 'ingress', 0, 'from', 0]), ['podSelector', 'namespaceSelector', 'ipBlock']);
    assert.deepEqual(names(['spec', 'egress', 0, 'to', 1, 'ipBlock']), ['cidr', 'except']);
    assert.deepEqual(names(['spec', 'egress', 0, 'ports', 0]), ['protocol', 'port', 'endPort']);
    assert.deepEqual(names(['spec', 'podSelector']), ['matchLabels', 'matchExpressions']);
    assert.deepEqual(names(['spec', 'ingress', 0, 'from', 0, 'namespaceSelector']), ['matchLabels', 'matchExpressions']);
    assert.deepEqual(names(['spec', 'podSelector', 'matchExpressions', 0]), ['key', 'operator', 'values']);
    assert.deepEqual(names(['metadata'])!.slice(0, 5), ['name', 'generateName', 'namespace', 'labels', 'annotations']);
  });

  it('has no fields where the schema has none: label maps, lists, scalars, unknown keys', () => {
    assert.equal(names(['spec', 'podSelector', 'matchLabels']), undefined, 'label keys are user data');
    assert.equal(names(['metadata', 'annotations']), undefined);
    assert.equal(names(['spec', 'ingress']), undefined, 'a list, not its item');
    assert.equal(names(['spec', 'policyTypes', 0]), undefined, 'a list of strings');
    assert.equal(names(['spec', 'ingress', 0, 'ports', 0, 'port']), undefined);
    assert.equal(names(['spec', 'ingres', 0]), undefined);
    assert.equal(names(['spec', 'ingress', 'from']), undefined, 'a key where a list item belongs');
    assert.equal(names(['spec', 0]), undefined, 'an item where a key belongs');
    assert.equal(paths.nodesAt(['nope']), undefined);
  });

  it("describes a field by its own description before its definition's", () => {
    const podSelector = paths.fieldAt(['spec', 'podSelector'])!;
    assert.match(podSelector.description!, /^podSelector selects the pods to which this NetworkPolicy/);
    assert.equal(podSelector.shape, 'mapping');
    assert.equal(podSelector.detail, 'LabelSelector');
    // ipBlock has only a $ref: the IPBlock definition describes it.
    const ipBlock = paths.fieldAt(['spec', 'ingress', 0, 'from', 0, 'ipBlock'])!;
    assert.match(ipBlock.description!, /^ipBlock defines policy on a particular IPBlock/);
    assert.equal(ipBlock.detail, 'IPBlock');
    assert.equal(paths.fieldAt(['metadata'])!.detail, 'ObjectMeta');
    assert.match(paths.fieldAt(['spec', 'egress', 0, 'ports', 0, 'endPort'])!.description!, /^endPort indicates that the range of ports/);
  });

  it('says what a field holds: shapes, lists of definitions, enums, anyOf types', () => {
    const field = (path: (string | number)[]) => paths.fieldAt(path)!;
    assert.deepEqual([field(['spec', 'ingress']).shape, field(['spec', 'ingress']).detail], ['list', 'list of NetworkPolicyIngressRule']);
    assert.deepEqual([field(['spec', 'ingress', 0, 'from']).shape, field(['spec', 'ingress', 0, 'from']).detail], ['list', 'list of NetworkPolicyPeer']);
    assert.equal(field(['spec', 'policyTypes']).detail, 'list of Ingress | Egress');
    assert.equal(field(['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'except']).detail, 'list of string');
    const protocol = field(['spec', 'ingress', 0, 'ports', 0, 'protocol']);
    assert.deepEqual([protocol.shape, protocol.detail], ['scalar', 'TCP | UDP | SCTP']);
    const port = field(['spec', 'ingress', 0, 'ports', 0, 'port']);
    assert.deepEqual([port.shape, port.detail], ['scalar', 'integer or string']);
    assert.match(port.description!, /^port represents the port/, 'the property, not its named-port branch');
    assert.equal(field(['spec', 'ingress', 0, 'ports', 0, 'endPort']).detail, 'integer');
    assert.equal(field(['metadata', 'labels']).detail, 'mapping');
    assert.equal(field(['kind']).detail, 'NetworkPolicy');
  });

  it('marks required fields, not the "one of" of an anyOf of required lists', () => {
    const required = (path: (string | number)[]) => paths.fieldsAt(path)!.filter((f) => f.required).map((f) => f.name);
    assert.deepEqual(required([]), ['apiVersion', 'kind', 'metadata']);
    assert.deepEqual(required(['metadata']), ['name']);
    assert.deepEqual(required(['spec', 'ingress', 0, 'from', 0]), [], 'a peer needs one of its fields, none in particular');
    assert.deepEqual(required(['spec', 'ingress', 0, 'from', 0, 'ipBlock']), ['cidr']);
    assert.deepEqual(required(['spec', 'podSelector', 'matchExpressions', 0]), ['key', 'operator']);
  });

  it('describes list items, and nothing past a scalar or a list item', () => {
    assert.match(paths.descriptionAt(['spec', 'ingress', 0])!, /^NetworkPolicyIngressRule describes/);
    assert.equal(paths.fieldAt(['spec', 'ingress', 0]), undefined);
    assert.equal(paths.fieldAt(['spec', 'ingress', 0, 'ports', 0, 'port', 'x']), undefined);
  });

  it('follows oneOf, allOf and $ref chains, and stops a cyclic $ref', () => {
    const schema = new SchemaPaths({
      type: 'object',
      properties: {
        a: { $ref: '#/definitions/A' },
        loop: { $ref: '#/definitions/Loop' },
        mixed: { oneOf: [{ type: 'object', properties: { x: { type: 'string', description: 'x' } } }, { allOf: [{ properties: { y: { type: 'integer' } }, required: ['y'] }] }] },
      },
      definitions: { A: { $ref: '#/definitions/B' }, B: { description: 'B', type: 'object', properties: { b: { type: 'boolean' } } }, Loop: { $ref: '#/definitions/Loop' } },
    });
    assert.deepEqual(schema.fieldsAt(['a'])?.map((f) => f.name), ['b']);
    assert.equal(schema.fieldAt(['a'])?.description, 'B');
    assert.deepEqual(schema.fieldsAt(['mixed'])?.map((f) => [f.name, f.required]), [['x', false], ['y', true]]);
    assert.equal(schema.fieldsAt(['loop']), undefined);
    assert.equal(schema.fieldAt(['loop'])?.shape, 'scalar');
  });
});
