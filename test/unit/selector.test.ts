import assert from 'node:assert/strict';
import { formatSelector, LabelSelector, selectorIsEmpty, selectorMatches, SelectorRequirement } from '../../server/src/core';
import { checkLabelKey, checkLabelValue } from '../../server/src/core/label-syntax';

const span = { file: 't', start: 0, end: 0 };
function sel(matchLabels: Record<string, string>, exprs: Omit<SelectorRequirement, 'span'>[] = [], valid = true): LabelSelector {
  return { matchLabels, matchExpressions: exprs.map((e) => ({ ...e, span })), span, labelSpans: [], valid };
}

describe('label selectors', () => {
  it('an empty selector matches everything, including objects without labels', () => {
    assert.equal(selectorMatches(sel({}), {}), true);
    assert.equal(selectorMatches(sel({}), { app: 'x' }), true);
  });
  it('matchLabels requires every pair', () => {
    assert.equal(selectorMatches(sel({ app: 'web', tier: 'fe' }), { app: 'web', tier: 'fe', x: 'y' }), true);
    assert.equal(selectorMatches(sel({ app: 'web', tier: 'fe' }), { app: 'web' }), false);
    assert.equal(selectorMatches(sel({ app: 'web' }), { app: 'Web' }), false);
  });
  it('In requires the key with one of the values', () => {
    const s = sel({}, [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }]);
    assert.equal(selectorMatches(s, { env: 'prod' }), true);
    assert.equal(selectorMatches(s, { env: 'dev' }), false);
    assert.equal(selectorMatches(s, {}), false);
  });
  it('NotIn matches objects lacking the key', () => {
    const s = sel({}, [{ key: 'env', operator: 'NotIn', values: ['prod'] }]);
    assert.equal(selectorMatches(s, {}), true);
    assert.equal(selectorMatches(s, { env: 'dev' }), true);
    assert.equal(selectorMatches(s, { env: 'prod' }), false);
  });
  it('Exists and DoesNotExist look at the key only', () => {
    assert.equal(selectorMatches(sel({}, [{ key: 'a', operator: 'Exists', values: [] }]), { a: '' }), true);
    assert.equal(selectorMatches(sel({}, [{ key: 'a', operator: 'Exists', values: [] }]), {}), false);
    assert.equal(selectorMatches(sel({}, [{ key: 'a', operator: 'DoesNotExist', values: [] }]), {}), true);
    assert.equal(selectorMatches(sel({}, [{ key: 'a', operator: 'DoesNotExist', values: [] }]), { a: 'x' }), false);
  });
  it('matchLabels and matchExpressions are ANDed', () => {
    const s = sel({ app: 'web' }, [{ key: 'env', operator: 'In', values: ['prod'] }]);
    assert.equal(selectorMatches(s, { app: 'web', env: 'prod' }), true);
    assert.equal(selectorMatches(s, { app: 'web', env: 'dev' }), false);
    assert.equal(selectorMatches(s, { app: 'api', env: 'prod' }), false);
  });
  it('an invalid selector matches nothing', () => {
    assert.equal(selectorMatches(sel({}, [], false), {}), false);
  });
});

describe('label selectors: edge cases', () => {
  it('keys that are Object.prototype properties are ordinary keys', () => {
    assert.equal(selectorMatches(sel({ constructor: 'x' }), {}), false);
    assert.equal(selectorMatches(sel({ constructor: 'x' }), { constructor: 'x' }), true);
    assert.equal(selectorMatches(sel({}, [{ key: 'toString', operator: 'Exists', values: [] }]), {}), false);
    assert.equal(selectorMatches(sel({}, [{ key: 'hasOwnProperty', operator: 'DoesNotExist', values: [] }]), {}), true);
    assert.equal(selectorMatches(sel({}, [{ key: 'valueOf', operator: 'NotIn', values: ['a'] }]), {}), true);
  });

  it('an empty label value is a value: app= matches app: "" only', () => {
    assert.equal(selectorMatches(sel({ app: '' }), { app: '' }), true);
    assert.equal(selectorMatches(sel({ app: '' }), {}), false);
    assert.equal(selectorMatches(sel({}, [{ key: 'app', operator: 'In', values: [''] }]), { app: '' }), true);
  });

  it('several expressions on one key are ANDed', () => {
    const s = sel({}, [
      { key: 'env', operator: 'In', values: ['prod', 'stage', 'dev'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
    ]);
    assert.equal(selectorMatches(s, { env: 'prod' }), true);
    assert.equal(selectorMatches(s, { env: 'dev' }), false);
  });

  it('selectorIsEmpty: {} is everything; an invalid selector is not', () => {
    assert.equal(selectorIsEmpty(sel({})), true);
    assert.equal(selectorIsEmpty(sel({ a: 'b' })), false);
    assert.equal(selectorIsEmpty(sel({}, [{ key: 'a', operator: 'Exists', values: [] }])), false);
    assert.equal(selectorIsEmpty(sel({}, [], false)), false);
  });

  it('formatSelector writes kubectl notation', () => {
    assert.equal(formatSelector(sel({})), '(all)');
    assert.equal(
      formatSelector(
        sel({ app: 'web' }, [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'team', operator: 'Exists', values: [] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ]),
      ),
      'app=web,tier in (a,b),env notin (dev),team,!legacy',
    );
  });
});

describe('label syntax (apimachinery IsQualifiedName / IsValidLabelValue)', () => {
  it('keys: an optional DNS-subdomain prefix and a 1-63 character name', () => {
    for (const ok of ['app', 'a', 'app.kubernetes.io/name', 'example.com/A_b-c.d', 'k8s-app', 'a'.repeat(63), `${'a'.repeat(253)}/x`, '9to5']) {
      assert.equal(checkLabelKey(ok), undefined, ok);
    }
    for (const bad of ['', '/app', 'app/', 'Example.com/app', '-app', 'app-', '_app', 'a'.repeat(64), `${'a'.repeat(254)}/x`, 'a/b/c', 'my app', 'app!', 'ex_ample.com/app']) {
      assert.ok(checkLabelKey(bad), bad);
    }
  });

  it('values: empty, or 1-63 characters starting and ending alphanumeric', () => {
    for (const ok of ['', 'web', 'v1.2.3', 'a_b-c.d', 'A', 'a'.repeat(63)]) assert.equal(checkLabelValue(ok), undefined, ok);
    for (const bad of ['-web', 'web-', '.x', 'a b', 'a/b', 'a'.repeat(64), 'é']) assert.ok(checkLabelValue(bad), bad);
  });
});
