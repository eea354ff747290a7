// `netpolLens.*` settings as the server uses them: defaults, overridden by initializationOptions (for editors that
// cannot answer workspace/configuration), overridden by workspace/configuration. Invalid values are reported and
// replaced by defaults, never trusted.
import { AnalysisOptions, DEFAULT_OPTIONS, ENGINES, RuleSettings, SeveritySetting } from '../core';
import { DEFAULT_EXCLUDE } from '../fs/scan';
import { DEFAULT_SETTINGS, Settings } from '../protocol';

const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function labels(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** Merges raw settings objects (later ones win) onto the defaults, noting what was ignored in `problems`. */
export function resolveSettings(layers: unknown[], problems: string[] = []): Settings {
  const s: Settings = { ...DEFAULT_SETTINGS, dns: { ...DEFAULT_SETTINGS.dns }, severities: {} };
  for (const layer of layers) {
    if (typeof layer !== 'object' || layer === null) continue;
    const raw = layer as Record<string, unknown>;
    const bad = (key: string): void => void problems.push(`netpolLens.${key}: ignored an invalid value ${JSON.stringify(raw[key])}`);
    if (raw.include !== undefined) {
      const v = strings(raw.include);
      if (v && v.length) s.include = v;
      else bad('include');
    }
    if (raw.exclude !== undefined) {
      const v = strings(raw.exclude);
      if (v) s.exclude = v;
      else bad('exclude');
    }
    if (raw.severities !== undefined) {
      if (typeof raw.severities === 'object' && raw.severities !== null) {
        for (const [rule, level] of Object.entries(raw.severities)) {
          if (typeof level === 'string' && LEVELS.includes(level)) s.severities[rule] = level as SeveritySetting;
          else problems.push(`netpolLens.severities.${rule}: expected error, warning, info, hint or off`);
        }
      } else bad('severities');
    }
    if (raw.engine !== undefined) {
      if (typeof raw.engine === 'string' && (ENGINES as readonly string[]).includes(raw.engine)) s.engine = raw.engine as Settings['engine'];
      else bad('engine');
    }
    if (raw.dns !== undefined) {
      const dns = raw.dns as Record<string, unknown> | null;
      if (typeof dns === 'object' && dns !== null) {
        if (typeof dns.namespace === 'string' && dns.namespace) s.dns.namespace = dns.namespace;
        else if (dns.namespace !== undefined) problems.push('netpolLens.dns.namespace: expected a namespace name');
        if (dns.podLabels !== undefined) {
          const l = labels(dns.podLabels);
          if (l) s.dns.podLabels = l;
          else problems.push('netpolLens.dns.podLabels: expected an object of string labels');
        }
        if (typeof dns.port === 'number' && Number.isInteger(dns.port) && dns.port >= 1 && dns.port <= 65535) s.dns.port = dns.port;
        else if (dns.port !== undefined) problems.push('netpolLens.dns.port: expected a port number (1-65535)');
      } else bad('dns');
    }
    if (raw.defaultNamespace !== undefined) {
      if (typeof raw.defaultNamespace === 'string' && raw.defaultNamespace) s.defaultNamespace = raw.defaultNamespace;
      else bad('defaultNamespace');
    }
    if (raw.maxFileSizeMB !== undefined) {
      if (typeof raw.maxFileSizeMB === 'number' && raw.maxFileSizeMB > 0 && raw.maxFileSizeMB <= 1024) s.maxFileSizeMB = raw.maxFileSizeMB;
      else bad('maxFileSizeMB');
    }
  }
  return s;
}

export function analysisOptions(s: Settings): AnalysisOptions {
  return {
    ...DEFAULT_OPTIONS,
    defaultNamespace: s.defaultNamespace,
    dns: { namespace: s.dns.namespace, podLabels: { ...s.dns.podLabels }, port: s.dns.port },
    maxFileSize: Math.round(s.maxFileSizeMB * 1024 * 1024),
  };
}

export function ruleSettings(s: Settings): RuleSettings {
  return { severities: { ...s.severities }, engine: s.engine };
}

/** Dependency and build folders are always left out, whatever the user's exclude list says. */
export function excludeGlobs(s: Settings): string[] {
  return [...DEFAULT_EXCLUDE, ...s.exclude];
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
