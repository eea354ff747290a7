// Messages between the extension host and the flow-preview webview. Plain types: both sides import this file.
// The webview names things by id (workload id, namespace, policy id); the extension host resolves ids against the
// graph it received from the server, so a message from the webview can never point the editor anywhere else.
import type { FlowGraph } from '../../server/src/protocol';

/** What the user narrowed the view to. Empty `namespaces` means all namespaces. */
export interface FlowFilters {
  namespaces: string[];
  /** `<namespace>/<name>`: "what does this policy change?" */
  policy?: string;
  /** A workload id: only its flows. */
  workload?: string;
}

export const NO_FILTERS: FlowFilters = { namespaces: [] };

/** Choices for the filter controls, taken from the last unfiltered graph. */
export interface FlowCatalog {
  namespaces: string[];
  policies: string[];
  workloads: { id: string; name: string; namespace: string; kind: string }[];
}

export type ToWebview =
  | {
      type: 'graph';
      /** Increases with every graph; the webview reports it back in `rendered`. */
      seq: number;
      graph: FlowGraph;
      filters: FlowFilters;
      catalog: FlowCatalog;
    }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type RevealTarget = { node: string } | { namespace: string } | { policy: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'setFilters'; filters: FlowFilters }
  | { type: 'reveal'; target: RevealTarget }
  | { type: 'export'; format: 'svg' | 'mermaid'; content: string }
  | { type: 'rendered'; seq: number; nodes: number; edges: number; aggregated: boolean }
  | { type: 'error'; message: string };

/** The message types the extension host accepts, for validating what arrives from the webview. */
export function isFromWebview(value: unknown): value is FromWebview {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return (
    type === 'ready' ||
    type === 'setFilters' ||
    type === 'reveal' ||
    type === 'export' ||
    type === 'rendered' ||
    type === 'error'
  );
}
