// The netpol-lens command line: `check`, `reach` and `test` over the same analysis core as the language server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisOptions, DEFAULT_OPTIONS, ENGINES, Engine, RuleSettings, SeveritySetting } from '../core';
import { runCheck, CheckFormat } from './check';
import { runDiff } from './diff';
import { loadPaths, UsageError } from './load';
import { runReach } from './reach';
import { runGenerate, runTests } from './test';

const VERSION = readVersion();

const USAGE = `netpol-lens ${VERSION}: Kubernetes NetworkPolicy analysis

Usage:
  netpol-lens check <paths...> [--format text|json|sarif]
  netpol-lens reach <paths...> [--json]
  netpol-lens diff <before-path> <after-path> [--format text|json|markdown] [--exit-code]
  netpol-lens test <paths...> [--junit <file>]
  netpol-lens test --generate <paths...> [> tests.netpol-test.yaml]

Paths are files or directories (searched for *.yaml and *.yml).

Options:
  --format <f>              check's output: text (default), json or sarif; diff's: text, json or markdown
  --json                    reach's or diff's output as JSON
  --exit-code               diff: exit 1 when the connectivity differs
  --junit <file>            test: also write the results as JUnit XML to <file>
  --generate                test: print a policy test file pinning the current reachability
  --engine <e>              policy engine: ${ENGINES.join(', ')} (default generic)
  --severity <rule>=<level> override a rule's severity: error, warning, info, hint or off (repeatable)
  --default-namespace <ns>  namespace of objects without one (default "default")
  --dns-namespace <ns>      namespace of the cluster DNS pods (default kube-system)
  --dns-labels <k=v,...>    labels of the cluster DNS pods (default k8s-app=kube-dns)
  --dns-port <n>            port the cluster DNS pods listen on, UDP and TCP (default 53; 5353 on OpenShift)
  -h, --help                this help
  -v, --version             the version

Policy tests are the *.netpol-test.yaml files under the paths, run against the manifests under the same paths.

diff compares the connectivity of two versions (e.g. a git worktree of the base branch and the pull request).

Exit status: 0 clean, 1 when check finds an error, a policy test fails or (with --exit-code) diff finds a change,
2 on usage or I/O errors.
`;

/** The package's version, set by the bundler (scripts/build.mjs): out/cli.js copied alone still knows it. */
declare const NETPOL_LENS_VERSION: string | undefined;

function readVersion(): string {
  if (typeof NETPOL_LENS_VERSION === 'string') return NETPOL_LENS_VERSION;
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(candidate, 'utf8')).version as string;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

interface Parsed {
  command?: string;
  paths: string[];
  format: CheckFormat | 'markdown';
  json: boolean;
  /** diff: exit 1 when something differs. */
  exitCode: boolean;
  /** test: where to write JUnit XML. */
  junit?: string;
  /** test: print generated tests instead of running them. */
  generate: boolean;
  options: AnalysisOptions;
  settings: RuleSettings;
  help: boolean;
  version: boolean;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--dns-labels: expected key=value, got "${part}"`);
    labels[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return labels;
}

export function parseArgs(argv: readonly string[]): Parsed {
  const parsed: Parsed = {
    paths: [],
    format: 'text',
    json: false,
    exitCode: false,
    generate: false,
    options: { ...DEFAULT_OPTIONS, dns: { ...DEFAULT_OPTIONS.dns } },
    settings: {},
    help: false,
    version: false,
  };
  const severities: Record<string, SeveritySetting> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const eq = arg.indexOf('=');
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    switch (name) {
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '-v':
      case '--version':
        parsed.version = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--exit-code':
        parsed.exitCode = true;
        break;
      case '--junit':
        parsed.junit = value();
        break;
      case '--generate':
        parsed.generate = true;
        break;
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'markdown') throw new UsageError(`--format: expected text, json, sarif or markdown, got "${f}"`);
        parsed.format = f;
        break;
      }
      case '--engine': {
        const e = value();
        if (!(ENGINES as readonly string[]).includes(e)) throw new UsageError(`--engine: expected one of ${ENGINES.join(', ')}, got "${e}"`);
        parsed.settings.engine = e as Engine;
        break;
      }
      case '--severity': {
        const v = value();
        const [rule, level] = v.split('=');
        if (!rule || !['error', 'warning', 'info', 'hint', 'off'].includes(level)) {
          throw new UsageError(`--severity: expected <rule>=error|warning|info|hint|off, got "${v}"`);
        }
        severities[rule] = level as SeveritySetting;
        break;
      }
      case '--default-namespace':
        parsed.options.defaultNamespace = value();
        break;
      case '--dns-namespace':
        parsed.options.dns.namespace = value();
        break;
      case '--dns-labels':
        parsed.options.dns.podLabels = parseLabels(value());
        break;
      case '--dns-port': {
        const v = value();
        const port = /^[0-9]+$/.test(v) ? Number(v) : NaN;
        if (!(port >= 1 && port <= 65535)) throw new UsageError(`--dns-port: expected a port number (1-65535), got "${v}"`);
        parsed.options.dns.port = port;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (parsed.command === undefined) parsed.command = arg;
        else parsed.paths.push(arg);
    }
  }
  parsed.settings.severities = severities;
  return parsed;
}

export function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    err(`netpol-lens: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (parsed.help || parsed.command === undefined) {
    (parsed.help ? out : err)(USAGE);
    return parsed.help ? 0 : 2;
  }
  try {
    switch (parsed.command) {
      case 'check': {
        if (parsed.format === 'markdown') throw new UsageError('check: --format is text, json or sarif');
        const loaded = loadPaths(parsed.paths, parsed.options);
        const { output, exitCode } = runCheck(loaded, parsed.format, parsed.settings, VERSION);
        out(output);
        return exitCode;
      }
      case 'reach': {
        const loaded = loadPaths(parsed.paths, parsed.options);
        out(runReach(loaded, parsed.json));
        return 0;
      }
      case 'diff': {
        if (parsed.paths.length !== 2) throw new UsageError(`diff: expected <before-path> <after-path>, got ${parsed.paths.length} path(s)`);
        if (parsed.format === 'sarif') throw new UsageError('diff: --format is text, json or markdown');
        const { output, differs } = runDiff(parsed.paths[0], parsed.paths[1], parsed.options, parsed.json ? 'json' : parsed.format);
        out(output);
        return parsed.exitCode && differs ? 1 : 0;
      }
      case 'test': {
        if (parsed.generate && parsed.junit !== undefined) throw new UsageError('--generate writes tests; it does not run them, so --junit does not apply');
        const loaded = loadPaths(parsed.paths, parsed.options);
        if (parsed.generate) {
          out(runGenerate(loaded));
          return 0;
        }
        const run = runTests(loaded, parsed.paths);
        if (parsed.junit !== undefined) fs.writeFileSync(parsed.junit, run.junit);
        out(run.output);
        return run.exitCode;
      }
      default:
        err(`netpol-lens: unknown command "${parsed.command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code !== undefined) {
      err(`netpol-lens: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs the CLI on this process's arguments and exits with its status. */
export function run(): void {
  const code = main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  // Let stdout drain before exiting (large JSON through a pipe).
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) run();
