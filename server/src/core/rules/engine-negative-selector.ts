// Negative label matches (NotIn, DoesNotExist): Azure NPM on Windows nodes does not support them in pod or namespace
// selectors (AKS documentation, limitations of Azure NPM).
import type { LabelSelector } from '../types';
import type { Rule, RuleFinding } from './rule';
import { azureNpmWindowsPods, unsupportedOnWindows } from './engine-common';
import { allPeers } from './walk';

export const engineNegativeSelector: Rule = {
  id: 'engine-negative-selector',
  title: 'NotIn/DoesNotExist selector on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const windows = azureNpmWindowsPods(policy, ctx);
    if (windows.length === 0) return [];
    const findings: RuleFinding[] = [];
    const check = (selector: LabelSelector | undefined): void => {
      for (const r of selector?.matchExpressions ?? []) {
        if (r.operator !== 'NotIn' && r.operator !== 'DoesNotExist') continue;
        findings.push({
          message:
            `${unsupportedOnWindows(`negative label matches (${r.operator})`, windows)}: ` +
            `this selector will not be enforced as written there. Select the wanted labels positively (In, Exists, matchLabels).`,
          span: r.span,
        });
      }
    };
    check(policy.podSelector);
    for (const peer of allPeers(policy)) {
      check(peer.podSelector);
      check(peer.namespaceSelector);
    }
    return findings;
  },
};
