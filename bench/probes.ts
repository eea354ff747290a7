// What the benchmark edits and asks about, chosen in a generated workspace with the analysis core itself (so that
// the probes are real: the edited policy selects the edited workload, and the files listed as dependents are
// exactly those whose diagnostics change).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, DEFAULT_OPTIONS, Finding, groupByFile, Model, Reachability, Workspace } from '../server/src/core';
import { scanManifests } from '../server/src/fs/scan';

export interface TextEdit {
  file: string;
  /** Offset of the one character replaced. */
  offset: number;
  original: string;
  edited: string;
  /** The file's text before and after the edit. */
  before: string;
  after: string;
}

export interface Probes {
  namespace: string;
  /** A one-character edit in a policy's podSelector label value (its diagnostics change: the selector stops matching). */
  policyEdit: TextEdit;
  policyId: string;
  /** A one-character edit of a workload's `app` pod label, which the policy above selects. */
  workloadEdit: TextEdit;
  workloadId: string;
  /** Files other than the workload's whose diagnostics change with the workload edit. */
  dependents: string[];
  /** Offset inside the policy's podSelector label value, for hovers. */
  hoverOffset: number;
}

/** Every manifest of a workspace folder, in path order, with its text. */
export function readWorkspace(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of scanManifests(dir)) texts.set(file, fs.readFileSync(file, 'utf8'));
  return texts;
}

export function loadWorkspace(texts: Map<string, string>): Workspace {
  const ws = new Workspace(DEFAULT_OPTIONS);
  for (const [file, text] of texts) ws.setFile(file, text);
  return ws;
}

function oneCharEdit(file: string, text: string, offset: number): TextEdit {
  const original = text[offset];
  const edited = original === 'q' ? 'z' : 'q';
  return { file, offset, original, edited, before: text, after: text.slice(0, offset) + edited + text.slice(offset + 1) };
}

function fingerprint(findings: readonly Finding[] | undefined): string {
  return JSON.stringify((findings ?? []).map((f) => [f.code, f.severity, f.span.start, f.span.end, f.message]));
}

export function chooseProbes(texts: Map<string, string>, ws = loadWorkspace(texts)): Probes {
  const model = ws.model();
  const candidates = model.policies
    .filter((p) => {
      const app = p.podSelector.matchLabels.app;
      if (!app || p.podSelector.labelSpans.length !== 1) return false;
      const file = p.span.file;
      if (path.basename(file) !== `${p.name.replace(/^allow-/, '')}.yaml`) return false;
      if (ws.file(file)!.policies.length !== 1) return false;
      const workload = model.workloadsIn(p.namespace).find((w) => w.labels.app === app);
      return workload !== undefined && path.basename(workload.span.file) === `${workload.name}.yaml` && /-api$/.test(workload.name);
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (candidates.length === 0) throw new Error('no policy suitable for the keystroke probe in this workspace');
  const policy = candidates[Math.floor(candidates.length / 2)];
  const workload = model.workloadsIn(policy.namespace).find((w) => w.labels.app === policy.podSelector.matchLabels.app)!;

  const policyValue = policy.podSelector.labelSpans[0].valueSpan;
  const policyEdit = oneCharEdit(policy.span.file, texts.get(policy.span.file)!, policyValue.end - 1);
  const appLabel = workload.labelSpans.find((l) => l.key === 'app')!;
  const workloadEdit = oneCharEdit(workload.span.file, texts.get(workload.span.file)!, appLabel.valueSpan.end - 1);

  // Dependents: the files whose diagnostics differ between the two models (before and after the workload edit).
  const before = groupByFile(analyze(model));
  ws.setFile(workloadEdit.file, workloadEdit.after);
  const after = groupByFile(analyze(ws.model()));
  ws.setFile(workloadEdit.file, workloadEdit.before);
  const files = new Set([...before.keys(), ...after.keys()]);
  const dependents = [...files]
    .filter((f) => f !== workloadEdit.file && fingerprint(before.get(f)) !== fingerprint(after.get(f)))
    .sort();
  if (dependents.length === 0) throw new Error('the workload edit changes no other file\'s diagnostics');

  return {
    namespace: policy.namespace,
    policyEdit,
    policyId: policy.id,
    workloadEdit,
    workloadId: workload.id,
    dependents,
    hoverOffset: policyValue.start + 1,
  };
}

/** Policies (in any file) that select the workload or admit it as a peer: what a workload edit can affect. */
export function policiesTouching(model: Model, workloadId: string): string[] {
  const workload = model.workload(workloadId);
  if (!workload) return [];
  const reach = new Reachability(model);
  const ids: string[] = [];
  for (const policy of model.policies) {
    const peers = [...(policy.ingress ?? []), ...(policy.egress ?? [])].flatMap((r) => r.peers ?? []);
    if (reach.selects(policy, workload) || peers.some((peer) => reach.peerMatches(policy, peer, workload))) ids.push(policy.id);
  }
  return ids;
}
