// Kubernetes objects as YAML text, for test fixtures: one call per object, so that a fixture says only what its test
// is about (names, labels, ports) and the layout of the YAML around it is written once.

/** Workload kinds with a pod template (apps/v1), and the bare Pod. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod';

/** A Deployment with pod labels and container ports (`name:port/PROTO` or `port`). */
export function deployment(ns: string, name: string, labels: Record<string, string>, ports: string[] = [], extra = ''): string {
  return workload('Deployment', ns, name, labels, ports, extra);
}

/**
 * A workload of `kind` whose pods carry `labels` and whose one container declares `ports` (`name:port/PROTO` or
 * `port`); `extra` goes into the pod spec, before the containers, indented as they are.
 */
export function workload(kind: WorkloadKind, ns: string, name: string, labels: Record<string, string>, ports: string[] = [], extra = ''): string {
  if (kind === 'Pod') {
    return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
${labelLines(labels, 4)}
spec:
${podSpec(2, name, ports, extra)}`;
  }
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels:
${labelLines(labels, 10)}
    spec:
${podSpec(6, name, ports, extra)}`;
}

function labelLines(labels: Record<string, string>, indent: number): string {
  return Object.entries(labels).map(([k, v]) => `${' '.repeat(indent)}${k}: "${v}"`).join('\n');
}

/** A pod spec's containers (one, `main`), at `indent`. */
function podSpec(indent: number, name: string, ports: string[], extra: string): string {
  const at = ' '.repeat(indent);
  const portLines = ports.length
    ? `${at}    ports:\n` +
      ports
        .map((p) => {
          const m = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(p)!;
          return `${at}      - ${m[1] ? `name: ${m[1]}\n${at}        ` : ''}containerPort: ${m[2]}${m[3] ? `\n${at}        protocol: ${m[3]}` : ''}`;
        })
        .join('\n')
    : '';
  return `${extra}${at}containers:\n${at}  - name: main\n${at}    image: example/${name}:1\n${portLines}\n`;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  const lines = labelLines(labels, 4);
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${lines ? `  labels:\n${lines}\n` : ''}`;
}

/** A Service selecting pods by `selector`, with ports written `[name:]port[->targetPort]` (a number or a port name). */
export function service(ns: string, name: string, selector: Record<string, string>, ports: string[], type = 'ClusterIP'): string {
  const portLines = ports
    .map((p) => {
      const m = /^(?:([a-z][a-z0-9-]*):)?(\d+)(?:->(.+))?$/.exec(p)!;
      return `    - ${m[1] ? `name: ${m[1]}\n      ` : ''}port: ${m[2]}${m[3] ? `\n      targetPort: ${m[3]}` : ''}`;
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
${labelLines(selector, 4)}
  ports:
${portLines}
`;
}

/** Documents joined into one multi-document file. */
export function docs(...parts: string[]): string {
  return parts.join('---\n');
}

/**
 * A NetworkPolicy `name` in `ns` whose spec is `spec`: YAML written at column 0 (e.g. with the `yaml` tag), nested
 * under `spec:` as it is, so the fixture shows only what the test is about, in the style the test chose.
 */
export function networkPolicy(ns: string, name: string, spec: string): string {
  const body = spec
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}${spec.endsWith('\n') ? '' : '\n'}`;
}
