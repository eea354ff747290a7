// The extension restarts a crashed language server and tells the user once: the policy (client/src/restart-policy.ts)
// as a property over random crash times, and its wiring into vscode-languageclient's error handler
// (client/src/language-client.ts) loaded with stand-ins for `vscode` and the client library.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Module from 'node:module';
import { gaveUpMessage, RESTARTED_MESSAGE, RestartPolicy } from '../../client/src/restart-policy';

describe('client: a crashed server is restarted, and the user told once', () => {
  it('restarts up to 4 times in 3 minutes, says so at the first crash only, gives up at the 5th and says why', () => {
    const policy = new RestartPolicy();
    const decisions = [0, 1000, 2000, 3000, 4000].map((t) => policy.closed(t));
    assert.deepEqual(decisions.slice(0, 4), [{ restart: true, notify: RESTARTED_MESSAGE }, { restart: true }, { restart: true }, { restart: true }]);
    assert.deepEqual(decisions[4], { restart: false, notify: gaveUpMessage(5, 180_000) });
    // A manual restart later starts a fresh count, and the user was already told about restarts.
    assert.deepEqual(policy.closed(10_000), { restart: true });
  });

  it('crashes spread out over more than 3 minutes are restarted forever', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 50; i++) assert.equal(policy.closed(i * 50_000).restart, true);
  });

  it('connection errors: continue three times in a row, then shut down', () => {
    const policy = new RestartPolicy();
    assert.deepEqual([undefined, 1, 2, 3, 4].map((n) => policy.error(n)), ['continue', 'continue', 'continue', 'continue', 'shutdown']);
  });

  it('property: one "restarted" message per session; gives up exactly when a 3-minute window holds a 5th crash', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 120_000 }), { maxLength: 40 }), (gaps) => {
        const policy = new RestartPolicy();
        let now = 0;
        let told = 0;
        let window: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const decision = policy.closed(now);
          window = [...window.filter((t) => now - t < 180_000), now];
          const expectGiveUp = window.length > 4;
          assert.equal(decision.restart, !expectGiveUp, `at ${now} with crashes ${window.join(',')}`);
          if (expectGiveUp) {
            assert.match(decision.notify ?? '', /will not be restarted/);
            window = [];
          } else if (decision.notify) told++;
        }
        assert.ok(told <= 1, 'the restart is announced once');
        if (gaps.length && gaps.length < 5) assert.equal(told, 1, 'the first crash is announced');
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('language-client.ts hands vscode-languageclient an error handler that restarts and tells once (with stand-ins for vscode)', () => {
    const shown: { level: string; message: string }[] = [];
    const output: string[] = [];
    let options: { errorHandler?: { closed(): unknown; error(e: Error, m: unknown, n: number): unknown } } | undefined;
    const CloseAction = { DoNotRestart: 1, Restart: 2 };
    const ErrorAction = { Continue: 1, Shutdown: 2 };
    const fakeVscode = {
      workspace: { isTrusted: true, createFileSystemWatcher: () => ({ dispose() {} }) },
      window: {
        showWarningMessage: (message: string) => (shown.push({ level: 'warning', message }), Promise.resolve(undefined)),
        showErrorMessage: (message: string) => (shown.push({ level: 'error', message }), Promise.resolve(undefined)),
      },
    };
    const fakeClientLibrary = {
      CloseAction,
      ErrorAction,
      TransportKind: { stdio: 0, ipc: 1 },
      LanguageClient: class {
        constructor(_id: string, _name: string, _server: unknown, clientOptions: typeof options) {
          options = clientOptions;
        }
      },
    };
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') return fakeVscode;
      if (request === 'vscode-languageclient/node') return fakeClientLibrary;
      return original.call(this, request, ...rest);
    };
    try {
      const path = require.resolve('../../client/src/language-client');
      delete require.cache[path];
      const { createLanguageClient } = require(path) as typeof import('../../client/src/language-client');
      const context = { asAbsolutePath: (p: string) => `/ext/${p}` };
      const channel = { appendLine: (line: string) => output.push(line), show() {} };
      createLanguageClient(context as never, channel as never);
    } finally {
      loader._load = original;
    }
    const handler = options?.errorHandler;
    assert.ok(handler, 'an errorHandler is passed to the LanguageClient');
    const results = [1, 2, 3, 4, 5].map(() => handler.closed());
    assert.deepEqual(results.slice(0, 4), Array(4).fill({ action: CloseAction.Restart, handled: true }));
    assert.deepEqual(results[4], { action: CloseAction.DoNotRestart, handled: true });
    assert.deepEqual(shown, [
      { level: 'warning', message: RESTARTED_MESSAGE },
      { level: 'error', message: gaveUpMessage(5, 180_000) },
    ]);
    assert.equal(output.length, 2, 'both are written to the output channel too');
    assert.deepEqual(handler.error(new Error('x'), undefined, 1), { action: ErrorAction.Continue });
    assert.deepEqual(handler.error(new Error('x'), undefined, 4), { action: ErrorAction.Shutdown });
  });
});
