// The `netpolLens/status` notification: what is indexed and how many problems, for a status bar.
import type { Connection } from 'vscode-languageserver/node';
import type { Model } from '../core';
import { StatusNotification, StatusParams } from '../protocol';
import type { Counts } from './diagnostics';

export class Status {
  private last?: StatusParams;
  indexMs?: number;

  constructor(private readonly connection: Connection) {}

  indexing(files: number): void {
    this.send({ state: 'indexing', files, namespaces: 0, workloads: 0, policies: 0, errors: 0, warnings: 0, indexMs: this.indexMs });
  }

  ready(files: number, model: Model, counts: Counts): void {
    this.send({
      state: 'ready',
      files,
      namespaces: model.namespaces.size,
      workloads: model.workloads.length,
      policies: model.policies.length,
      errors: counts.errors,
      warnings: counts.warnings,
      indexMs: this.indexMs,
    });
  }

  get current(): StatusParams | undefined {
    return this.last;
  }

  private send(params: StatusParams): void {
    if (this.last && JSON.stringify(this.last) === JSON.stringify(params)) return;
    this.last = params;
    void this.connection.sendNotification(StatusNotification, params);
  }
}
