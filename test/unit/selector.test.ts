import assert from 'node:assert/strict';
import { LabelSelector, selectorMatches, SelectorRequirement } from '../../server/src/core';

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
