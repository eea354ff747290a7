// What every feature handler may use: the index, positions, the current model and its Reachability, settings.
import type { Model, Reachability } from '../core';
import type { Settings } from '../protocol';
import type { Positions } from './convert';
import type { WorkspaceIndex } from './workspace-index';

export interface ServerContext {
  readonly index: WorkspaceIndex;
  readonly positions: Positions;
  settings(): Settings;
  /** The current model (pending edits applied). */
  model(): Model;
  /** A Reachability of the current model, shared by requests until the model changes. */
  reach(): Reachability;
  log(message: string): void;
}
