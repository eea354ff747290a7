// When the language server's connection closes unexpectedly (a crash, the process killed, out of memory): restart it,
// and tell the user once per session, not at every crash; after too many crashes in a short time, stop restarting
// and say so. Pure (no `vscode` import) so that it is tested in Node; language-client.ts wires it into
// vscode-languageclient's error handler.

export interface RestartDecision {
  restart: boolean;
  /** A message for the user, when one is due. */
  notify?: string;
}

export const RESTARTED_MESSAGE =
  'NetworkPolicy Lens: the language server stopped unexpectedly and was restarted. The output channel has the details.';

export function gaveUpMessage(crashes: number, windowMs: number): string {
  return (
    `NetworkPolicy Lens: the language server stopped ${crashes} times in ${Math.round(windowMs / 60_000)} minutes and will not be ` +
    'restarted. The output channel has the details; run "NetworkPolicy Lens: Restart Server" to try again.'
  );
}

export class RestartPolicy {
  private crashes: number[] = [];
  private told = false;

  /**
   * @param maxRestarts restarts allowed within `windowMs`; one more crash in that window stops the server for good.
   */
  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** The connection closed without the client asking. */
  closed(now: number): RestartDecision {
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    if (this.crashes.length > this.maxRestarts) {
      const crashes = this.crashes.length;
      // A later manual restart starts afresh.
      this.crashes = [];
      return { restart: false, notify: gaveUpMessage(crashes, this.windowMs) };
    }
    if (this.told) return { restart: true };
    this.told = true;
    return { restart: true, notify: RESTARTED_MESSAGE };
  }

  /** Reading or writing the connection failed; `count` is how often in a row (reset by a successful message). */
  error(count: number | undefined): 'continue' | 'shutdown' {
    return count !== undefined && count > 3 ? 'shutdown' : 'continue';
  }
}
