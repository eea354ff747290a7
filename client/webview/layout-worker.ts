// ELK in a Web Worker, so that laying out a few hundred workloads (up to a second) does not freeze pan, zoom and
// clicks while the preview follows the user's typing. The worker's code is elkjs's own (elk-worker.min.js), bundled
// into the webview script as text by esbuild and started from a blob: URL: nothing is fetched, and the CSP needs only
// `worker-src blob:` (no unsafe-eval: ELK's code needs none). Only the latest layout matters: starting one cancels the
// one still running (its worker is terminated, its promise rejected with LayoutCancelled) instead of queueing behind
// it.
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import workerSource from 'elkjs/lib/elk-worker.min.js' with { type: 'text' };
import type { RunElk } from './layout';

/** A layout superseded by a newer one before it finished. */
export class LayoutCancelled extends Error {
  constructor() {
    super('superseded by a newer layout');
    this.name = 'LayoutCancelled';
  }
}

interface Running {
  reject: (error: Error) => void;
}

export class WorkerLayout {
  private url: string | undefined;
  private elk: InstanceType<typeof ELK> | undefined;
  private running: Running | undefined;

  /** Lays out `root` in the worker, cancelling a layout still running there. */
  readonly run: RunElk = (root) => {
    this.cancel();
    const elk = this.start();
    return new Promise<ElkNode>((resolve, reject) => {
      const running: Running = { reject };
      this.running = running;
      const settle = (): boolean => {
        if (this.running !== running) return false;
        this.running = undefined;
        return true;
      };
      elk.layout(root).then(
        (laid) => settle() && resolve(laid),
        (error: unknown) => settle() && reject(error instanceof Error ? error : new Error(String(error))),
      );
    });
  };

  /** Stops the running layout, if any: its worker is dropped (a new one starts with the next layout). */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.stop();
    running.reject(new LayoutCancelled());
  }

  private start(): InstanceType<typeof ELK> {
    if (this.elk) return this.elk;
    this.url ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const url = this.url;
    this.elk = new ELK({
      workerFactory: () => {
        const worker = new Worker(url, { name: 'elk-layout' });
        // A worker that cannot start (or dies) would leave the layout waiting for ever: fail it instead.
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          const running = this.running;
          this.running = undefined;
          this.stop();
          running?.reject(new Error(`the layout worker failed: ${event.message || 'it could not start'}`));
        });
        return worker;
      },
    });
    return this.elk;
  }

  private stop(): void {
    this.elk?.terminateWorker();
    this.elk = undefined;
  }
}
