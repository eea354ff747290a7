// Helpers for rule tests: run the whole catalogue on inline YAML and keep one rule's findings.
import { analyze, Finding, RuleSettings } from '../../../server/src/core';
import { workspaceOf } from '../../helpers/workspace';

export { yaml } from '../../helpers/workspace';

/** Findings of rule `id` for the given files (the whole catalogue runs, as in the CLI). */
export function findings(id: string, files: Record<string, string>, settings: RuleSettings = {}): Finding[] {
  return analyze(workspaceOf(files).model(), settings).filter((f) => f.code === id);
}

/** The text a finding's span covers. */
export function spanText(f: Finding, files: Record<string, string>): string {
  return files[f.span.file].slice(f.span.start, f.span.end);
}

/** The 1-based line a finding starts on. */
export function lineOf(f: Finding, files: Record<string, string>): number {
  return files[f.span.file].slice(0, f.span.start).split('\n').length;
}

/** A Deployment with pod labels and container ports (`name:port/PROTO` or `port`). */
export function deployment(ns: string, name: string, labels: Record<string, string>, ports: string[] = [], extra = ''): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `          ${k}: "${v}"`).join('\n');
  const portLines = ports.length
    ? '          ports:\n' +
      ports
        .map((p) => {
          const m = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(p)!;
          return `            - ${m[1] ? `name: ${m[1]}\n              ` : ''}containerPort: ${m[2]}${m[3] ? `\n              protocol: ${m[3]}` : ''}`;
        })
        .join('\n')
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels:
${labelLines}
    spec:
${extra}      containers:
        - name: main
          image: example/${name}:1
${portLines}
`;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${labelLines ? `  labels:\n${labelLines}\n` : ''}`;
}

export function service(ns: string, name: string, selector: Record<string, string>, ports: string[], type = 'ClusterIP'): string {
  const sel = Object.entries(selector).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  const portLines = ports
    .map((p) => {
      const [port, target] = p.split('->');
      return `    - port: ${port}${target ? `\n      targetPort: ${target}` : ''}`;
    })
    .join('\n');
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${type}
  selector:
${sel}
  ports:
${portLines}
`;
}

/** Documents joined into one multi-document file. */
export function docs(...parts: string[]): string {
  return parts.join('---\n');
}
