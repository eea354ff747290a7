// The channel to the extension host. Outside VS Code (a browser test loading the page on its own) there is no
// acquireVsCodeApi: messages the page sends are kept in `window.netpolLensOutbox` for the test to read.
import type { FromWebview } from '../src/flow-preview-messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

declare global {
  interface Window {
    netpolLensOutbox?: FromWebview[];
  }
}

function standaloneApi(): VsCodeApi {
  const outbox: FromWebview[] = [];
  window.netpolLensOutbox = outbox;
  let state: unknown;
  return {
    postMessage: (message) => outbox.push(message as FromWebview),
    getState: () => state,
    setState: (value) => (state = value),
  };
}

const api: VsCodeApi = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : standaloneApi();

export function post(message: FromWebview): void {
  api.postMessage(message);
}

export function savedState<T>(): Partial<T> {
  const state = api.getState();
  return typeof state === 'object' && state !== null ? (state as Partial<T>) : {};
}

export function saveState<T>(state: T): void {
  api.setState(state);
}
