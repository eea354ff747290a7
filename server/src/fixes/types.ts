// What a quick fix is: a pure function from a file's text and one finding in it to minimal text edits. Fixes never
// touch more than they must: comments, blank lines and the author's style (block or flow, indentation) stay.
import type { DnsTarget, Finding, NetworkPolicy } from '../core';

/** Replace [start, end) of the text with newText (offsets into the text the finding was computed on). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply with one keystroke when there are several. */
  preferred?: boolean;
}

export interface FixContext {
  /** The text of the finding's file, exactly as analysed. */
  text: string;
  finding: Finding;
  /** Where cluster DNS runs (settings), for fixes that write DNS rules. */
  dns: DnsTarget;
  /** The policy the finding lies in, as the core extracted it. */
  policy?: NetworkPolicy;
  /** Names of the policies in a namespace, for fixes that create one. */
  policyNames?: (namespace: string) => readonly string[];
}

export interface FixProvider {
  /** The `finding.data.fix` it handles, or a finding code for findings without `data.fix`. */
  key: string;
  /** The fixes for the finding; empty when the text is not what the fix expects. */
  fixes(ctx: FixContext): QuickFix[];
}
