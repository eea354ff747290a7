// Label selector semantics, exactly as apimachinery's labels.Selector: matchLabels and matchExpressions are ANDed;
// an empty selector matches everything; NotIn and DoesNotExist match objects that lack the key; an invalid selector
// (which the API server would reject) matches nothing.
import type { LabelSelector, Labels, SelectorRequirement } from './types';

export function requirementMatches(req: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (!selector.valid) return false;
  for (const key in selector.matchLabels) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const req of selector.matchExpressions) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

/** True for `{}` (or an absent selector): everything. */
export function selectorIsEmpty(selector: LabelSelector): boolean {
  return selector.valid && Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** The selector in kubectl's notation: `app=web,tier in (a,b),!legacy`. `{}` is written as `(all)`. */
export function formatSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels)) parts.push(`${k}=${v}`);
  for (const r of selector.matchExpressions) {
    switch (r.operator) {
      case 'In':
        parts.push(`${r.key} in (${r.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${r.key} notin (${r.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(r.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${r.key}`);
        break;
    }
  }
  return parts.length ? parts.join(',') : '(all)';
}
