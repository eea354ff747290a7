// The NetworkPolicy Lens language server. VS Code starts it over Node IPC; any other LSP editor runs
// `node out/server.js --stdio` (or `netpol-lens-server --stdio`). Nothing a client sends may end the process: errors
// are logged and answered, and stray exceptions are caught here as a last resort.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Session } from './lsp/session';

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(candidate, 'utf8')).version as string;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/**
 * A full garbage collection, for moments the server is idle after a big burst of work (the first index, a complete
 * analysis): V8 otherwise lets a mostly-garbage heap grow towards its limit, and the editor sees that as memory use.
 */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    // Small heaps are not worth a pause.
    return () => {
      if (v8.getHeapStatistics().used_heap_size > 96 * 1024 * 1024) (gc as () => void)();
    };
  } catch {
    return undefined;
  }
}

// Grow the heap by at most half of what survives a full collection (V8 otherwise lets it grow up to 4×, mostly with
// garbage, between collections): large workspace, peak RSS 340 -> 240 MB over an edit session, no slower.
try {
  v8.setFlagsFromString('--heap-growing-percent=50');
} catch {
  // an engine without the flag: its default growth
}

const connection = createConnection(ProposedFeatures.all);
const report = (what: string) => (err: unknown): void => {
  try {
    connection.console.error(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } catch {
    process.stderr.write(`${what}: ${String(err)}\n`);
  }
};
process.on('uncaughtException', report('uncaught exception'));
process.on('unhandledRejection', report('unhandled rejection'));

new Session(connection, readVersion(), collector()).listen();
