// Manifests the language server tests add to their copy of examples/: a namespace of their own (`lens`), so that
// what they assert does not depend on how examples/ evolves.
import { LineIndex } from '../../server/src/core';
import { tempWorkspace, write } from './client';

export const LENS_FILES: Record<string, string> = {
  'lens/namespace.yaml': `apiVersion: v1
kind: Namespace
metadata:
  name: lens
  labels:
    team: lens
`,
  'lens/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: lens
spec:
  template:
    metadata:
      labels:
        app: api
        tier: backend
    spec:
      containers:
        - name: api
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: lens
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`,
  'lens/db.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: lens
spec:
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          ports:
            - containerPort: 5432
`,
  'lens/policies.yaml': `# Policies of the lens namespace.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: lens
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - protocol: TCP
          port: 5432
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: lens
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Egress
  egress:
    - to:
        - podSelector:
            matchLabels:
              app: db
      ports:
        - port: 5432
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: lens
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: lens
      ports:
        - port: 80
`,
};

/** A temporary copy of examples/ with LENS_FILES and `extra` (path → text) written into it, removed by `remove`. */
export function lensWorkspace(extra: Record<string, string> = {}): { dir: string; remove: () => void } {
  const ws = tempWorkspace();
  for (const [rel, text] of Object.entries({ ...LENS_FILES, ...extra })) write(ws.dir, rel, text);
  return ws;
}

/** The LSP position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${nth}) not in the text`);
  }
  return new LineIndex(text).position(at + delta);
}

/** Applies LSP text edits to a text. */
export function applyLspEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const index = new LineIndex(text);
  const offsets = edits
    .map((e) => ({ start: index.offset(e.range.start.line, e.range.start.character), end: index.offset(e.range.end.line, e.range.end.character), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
