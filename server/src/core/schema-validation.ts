// JSON Schema validation of YAML objects with ajv, every error mapped onto the exact YAML key or value it is about.
//
// A YAML node is turned into the plain value Kubernetes would decode (YAML 1.1 scalars as the yaml library reads
// them, aliases followed and `<<` merges expanded through the budgeted AstReader, null fields dropped as Go's JSON
// decoder leaves them unset), with the source location of every value and key by JSON pointer. ajv validates that
// value; each error's instancePath then finds its node. Schemas are compiled once per process.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import policySchema from '../../../schemas/networkpolicy.schema.json';
import { parseCidr, parseIp } from './cidr';
import type { Finding, Span } from './types';
import { AstReader, keyText } from './yaml-ast';

export const SCHEMA_CODE = 'schema';

export interface NodeLocation {
  /** The value's span. */
  span: Span;
  /** The key's span, when the value sits under a mapping key. */
  keySpan?: Span;
  /** A scalar as written (`yes`, `0755`), for messages about YAML 1.1 readings. */
  source?: string;
  /** The first key of a mapping value: where a problem about a whole mapping without a key of its own points. */
  firstKeySpan?: Span;
}

export interface LocatedValue {
  value: unknown;
  /** JSON pointer (as ajv's instancePath: `/spec/ingress/0`) → where that value is written. The root is `""`. */
  locations: Map<string, NodeLocation>;
}

/** Deeper than any Kubernetes object; guards the recursion against pathological documents. */
const MAX_DEPTH = 64;

/** The plain value of a YAML node, with the location of every part. */
export function locatedValue(reader: AstReader, node: unknown): LocatedValue {
  const locations = new Map<string, NodeLocation>();
  const build = (raw: unknown, pointer: string, keySpan: Span | undefined, depth: number): unknown => {
    const resolved = reader.resolve(raw);
    const span = reader.span(resolved ?? raw, keySpan);
    const location: NodeLocation = { span, keySpan };
    locations.set(pointer, location);
    if (resolved === null || depth > MAX_DEPTH) return null;
    if (isMap(resolved)) {
      const out: Record<string, unknown> = {};
      for (const pair of reader.pairs(resolved)) {
        if (!isScalar(pair.key)) continue; // a complex key cannot name a field
        const key = keyText(pair.key);
        const childKeySpan = reader.span(pair.key);
        location.firstKeySpan ??= childKeySpan;
        const child = build(pair.value, `${pointer}/${escapePointer(key)}`, childKeySpan, depth + 1);
        // An explicit null leaves a Go field unset; drop it as the API server would.
        if (child === null || child === undefined) delete out[key];
        else out[key] = child;
      }
      return out;
    }
    if (isSeq(resolved)) {
      return reader.items(resolved).map((item, i) => build(item, `${pointer}/${i}`, undefined, depth + 1) ?? null);
    }
    if (isScalar(resolved)) {
      location.source = typeof resolved.source === 'string' ? resolved.source : undefined;
      return scalarValue(resolved);
    }
    return null;
  };
  const value = build(node, '', undefined, 0);
  return { value, locations };
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // Timestamps and binaries reach a Kubernetes string field as written (go-yaml keeps timestamp-like plain
  // scalars as strings when decoding into interface{}).
  return typeof node.source === 'string' ? node.source : String(v);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** One schema error, in words, at the node it is about. */
export interface SchemaProblem {
  /** JSON pointer of the value the error is about. */
  pointer: string;
  keyword: string;
  message: string;
  span: Span;
  /** For an unknown field with a near match: the field name it probably meant. */
  replacement?: string;
  /** An unknown field explained (a near match or a misplaced field): it also explains a missing field beside it. */
  explained?: boolean;
  /** The schema object holding the failed keyword (ajv's parentSchema), to tell checks apart. */
  schemaNode?: unknown;
}

type SchemaNode = Record<string, unknown>;

let sharedAjv: Ajv | undefined;

function ajv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true, strictRequired: false });
    // Annotations VS Code's and Red Hat YAML's schema support understand; here they only carry messages.
    sharedAjv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    sharedAjv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    sharedAjv.addFormat('cidr', { type: 'string', validate: (text: string) => parseCidr(text) !== undefined });
    sharedAjv.addFormat('ip', { type: 'string', validate: (text: string) => parseIp(text) !== undefined });
  }
  return sharedAjv;
}

/** A JSON Schema compiled once, validating located values into problems at their nodes. */
export class CompiledSchema {
  private compiled?: ValidateFunction;
  /** Each definition's schema object → its name (ajv's verbose errors hand back the very objects). */
  private readonly definitionNames = new Map<unknown, string>();

  /** `hints(definition, field)`: an extra word for an unknown field met in `#/definitions/<definition>` (undefined: the root). */
  constructor(
    private readonly schema: SchemaNode,
    private readonly hints: (definition: string | undefined, field: string) => string | undefined = () => undefined,
  ) {
    for (const [name, definition] of Object.entries((schema.definitions as SchemaNode | undefined) ?? {})) this.definitionNames.set(definition, name);
  }

  private validator(): ValidateFunction {
    this.compiled ??= ajv().compile(this.schema);
    return this.compiled;
  }

  validate(located: LocatedValue): SchemaProblem[] {
    const validate = this.validator();
    if (validate(located.value)) return [];
    const errors = relevantErrors(validate.errors ?? []);
    const problems: SchemaProblem[] = [];
    const seen = new Set<string>();
    for (const error of errors) {
      const problem = this.problem(error, located);
      if (!problem) continue;
      problem.schemaNode = error.parentSchema;
      // One type complaint per value: a conditional schema may restate the type its base schema already checks.
      const key = problem.keyword === 'type' ? `type:${problem.pointer}` : `${problem.span.start}:${problem.span.end}:${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
    // `from: [{podselector: …}]` is one mistake: the typo, not also "a peer must set podSelector…".
    const explainedObjects = new Set(problems.filter((p) => p.explained).map((p) => p.pointer.slice(0, p.pointer.lastIndexOf('/'))));
    return problems.filter((p) => !((p.keyword === 'required' || p.keyword === 'anyOf') && explainedObjects.has(p.pointer)));
  }

  private problem(error: ErrorObject, located: LocatedValue): SchemaProblem | undefined {
    const pointer = error.instancePath;
    const at = located.locations.get(pointer);
    if (!at) return undefined;
    const parent = (error.parentSchema ?? {}) as SchemaNode;
    const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
    const path = displayPath(pointer, located.value);
    // "spec.ingress must be a list…" reads as a sentence; other findings read "spec.ingress[0]: unknown field …".
    const say = (predicate: string): string =>
      /^(must|lists) /.test(predicate) ? `${path || 'the document'} ${predicate}` : `${path ? `${path}: ` : ''}${predicate}`;
    const params = error.params as Record<string, unknown>;
    const data = error.data;

    if (error.propertyName !== undefined) {
      // A propertyNames failure: the key itself is wrong.
      const keyPointer = `${pointer}/${escapePointer(error.propertyName)}`;
      const keyAt = located.locations.get(keyPointer);
      const why = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : (error.message ?? 'is not allowed');
      return {
        pointer: keyPointer,
        keyword: error.keyword,
        message: say(`key "${error.propertyName}" ${why}`),
        span: keyAt?.keySpan ?? at.span,
      };
    }

    switch (error.keyword) {
      case 'additionalProperties': {
        const field = String(params.additionalProperty);
        const fieldPointer = `${pointer}/${escapePointer(field)}`;
        const known = Object.keys((parent.properties as SchemaNode | undefined) ?? {});
        const replacement = nearest(field, known);
        const hint = this.hints(this.definitionNames.get(parent), field);
        const extra = hint ? ` (${hint})` : replacement ? ` (did you mean ${replacement}?)` : '';
        return {
          pointer: fieldPointer,
          keyword: error.keyword,
          message: say(`unknown field "${field}"${extra}`),
          span: located.locations.get(fieldPointer)?.keySpan ?? at.span,
          replacement: hint ? undefined : replacement,
          explained: Boolean(hint || replacement),
        };
      }
      case 'required': {
        const missing = String(params.missingProperty);
        return { pointer, keyword: error.keyword, message: say(custom ?? `missing required field "${missing}"`), span: wholeObjectTarget(pointer, located) };
      }
      case 'dependencies': {
        const property = String(params.property);
        const missing = String(params.missingProperty);
        const propertyAt = located.locations.get(`${pointer}/${escapePointer(property)}`);
        return {
          pointer,
          keyword: error.keyword,
          message: say(custom ?? `${property} requires ${missing}${property === 'endPort' ? ': the range runs from port to endPort' : ''}`),
          span: propertyAt?.keySpan ?? at.span,
        };
      }
      case 'type': {
        if (custom) return { pointer, keyword: error.keyword, message: say(custom), span: at.span };
        const expected = String(params.type).split(',').filter((t) => t !== 'null');
        const words = expected.map(typeWords).join(' or ');
        return { pointer, keyword: error.keyword, message: say(`must be ${words}, not ${describe(data, at.source)}${yaml11Hint(data, at.source, expected)}`), span: at.span };
      }
      case 'enum':
      case 'const': {
        if (custom) return { pointer, keyword: error.keyword, message: say(custom), span: at.span };
        const allowed = (error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).map(String);
        const near = typeof data === 'string' ? allowed.find((a) => a.toLowerCase() === data.toLowerCase()) : undefined;
        const list = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
        const hint = near ? ` (values are case-sensitive: write ${near})` : '';
        return { pointer, keyword: error.keyword, message: say(`must be ${list}, not ${describe(data, at.source)}${hint}`), span: at.span };
      }
      case 'uniqueItems': {
        const index = Math.max(Number(params.i), Number(params.j));
        const itemAt = located.locations.get(`${pointer}/${index}`);
        const item = Array.isArray(data) ? data[index] : undefined;
        return { pointer: `${pointer}/${index}`, keyword: error.keyword, message: say(`lists ${describe(item, itemAt?.source)} more than once`), span: itemAt?.span ?? at.span };
      }
      case 'minimum':
      case 'maximum': {
        if (custom) return { pointer, keyword: error.keyword, message: say(custom), span: at.span };
        const min = parent.minimum;
        const max = parent.maximum;
        const range = typeof min === 'number' && typeof max === 'number' ? `between ${min} and ${max}` : error.keyword === 'minimum' ? `at least ${String(min)}` : `at most ${String(max)}`;
        return { pointer, keyword: error.keyword, message: say(`must be ${range}, not ${describe(data, at.source)}`), span: at.span };
      }
      case 'minLength':
      case 'maxLength': {
        if (custom) return { pointer, keyword: error.keyword, message: say(custom), span: at.span };
        const text = error.keyword === 'minLength' ? 'must not be empty' : `must be at most ${String(params.limit)} characters`;
        return { pointer, keyword: error.keyword, message: say(text), span: at.span };
      }
      case 'minItems': {
        return { pointer, keyword: error.keyword, message: say(custom ?? `must list at least ${String(params.limit)} item(s)`), span: at.span };
      }
      case 'pattern': {
        const why = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : custom ?? `must match ${String(params.pattern)}`;
        return { pointer, keyword: error.keyword, message: say(`${describe(data, at.source)} ${why}`), span: at.span };
      }
      case 'format': {
        if (params.format === 'cidr' && typeof data === 'string') {
          const hint = parseIp(data) ? `: add a prefix length, e.g. ${data}/${data.includes(':') ? 128 : 32}` : ' (address/prefix, e.g. 10.0.0.0/8 or 2001:db8::/32)';
          return { pointer, keyword: error.keyword, message: say(`"${data}" is not a CIDR${hint}`), span: at.span };
        }
        if (params.format === 'ip' && typeof data === 'string') {
          const hint = parseCidr(data) ? ': for a range of addresses use cidr' : ' (e.g. 203.0.113.7 or 2001:db8::7)';
          return { pointer, keyword: error.keyword, message: say(`"${data}" is not an IP address${hint}`), span: at.span };
        }
        return { pointer, keyword: error.keyword, message: say(custom ?? `must be a valid ${String(params.format)}`), span: at.span };
      }
      case 'anyOf':
      case 'oneOf': {
        const branches = (error.schema as SchemaNode[] | undefined) ?? [];
        const takesStrings = branches.some((b) => b && (b.type === 'string' || (Array.isArray(b.type) && b.type.includes('string'))));
        // `port: on` is the boolean true in YAML 1.1; a number that fails is not helped by quoting.
        const hint = takesStrings && typeof data === 'boolean' ? yaml11Hint(data, at.source, ['string']) : '';
        return { pointer, keyword: error.keyword, message: say(`${custom ?? 'does not match any allowed form'}${hint}`), span: at.span };
      }
      case 'not':
        return { pointer, keyword: error.keyword, message: say(custom ?? 'is not allowed here'), span: at.span };
      default:
        return { pointer, keyword: error.keyword, message: say(custom ?? error.message ?? 'is invalid'), span: at.span };
    }
  }
}

/**
 * ajv's raw errors, minus the ones that repeat another: the branch errors of a failed anyOf/oneOf (the anyOf
 * error says it in one sentence), `if` (its `then` errors say why) and propertyNames wrappers (the key's own
 * error says why).
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'not');
  return errors.filter((e) => {
    if (e.keyword === 'if' || (e.keyword === 'propertyNames' && e.propertyName === undefined)) return false;
    for (const c of combinators) {
      if (c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`)) return false;
    }
    return true;
  });
}

/** Where a problem about a whole object points: its key, or for a list item its value, or for the root its kind. */
function wholeObjectTarget(pointer: string, located: LocatedValue): Span {
  const at = located.locations.get(pointer)!;
  if (at.keySpan) return at.keySpan;
  if (pointer === '') return located.locations.get('/kind')?.keySpan ?? at.firstKeySpan ?? at.span;
  return at.span;
}

/** `/spec/ingress/0/from/1` → `spec.ingress[0].from[1]`; keys that are not identifiers are quoted. */
export function displayPath(pointer: string, root: unknown): string {
  if (pointer === '') return '';
  let out = '';
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescapePointer(raw);
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      out += `[${segment}]`;
      current = current[Number(segment)];
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) ? `${out ? '.' : ''}${segment}` : `[${JSON.stringify(segment)}]`;
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return out;
}

/** The known field `field` was probably meant to be: same letters in another case, or one or two typos away. */
export function nearest(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const d = typoDistance(lower, k.toLowerCase());
    const limit = Math.min(2, Math.floor(k.length / 3));
    if (d <= limit && (!best || d < best.distance)) best = { name: k, distance: d };
  }
  return best?.name;
}

/** Edits between two words, a swap of neighbours counting as one (optimal string alignment): `prot` is one from `port`. */
export function typoDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

function typeWords(type: string): string {
  switch (type) {
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

/** A value as a message shows it: `"tcp"`, `80`, `the boolean true (written yes)`, `a list`. */
function describe(value: unknown, source: string | undefined): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  if (source !== undefined && source !== String(value)) return `${String(value)} (written ${source})`;
  return String(value);
}

/** Why a scalar the author meant as a string arrived as something else: YAML 1.1 plain scalars. */
function yaml11Hint(value: unknown, source: string | undefined, expected: readonly string[]): string {
  if (!expected.includes('string') || source === undefined) return '';
  if (typeof value === 'boolean' || typeof value === 'number') {
    return `: YAML 1.1 reads ${source} as a ${typeof value}; quote it ("${source}")`;
  }
  return '';
}

// NetworkPolicy ---------------------------------------------------------------------------------------------------

/** Unknown fields that are usually a known field at the wrong indentation. */
function policyHints(definition: string | undefined, field: string): string | undefined {
  if (definition === 'NetworkPolicyPeer') {
    if (field === 'ports') return 'ports belongs to the rule, not to a peer: outdent it to the level of from/to';
    if (field === 'matchLabels' || field === 'matchExpressions') return `${field} belongs under podSelector or namespaceSelector`;
    if (field === 'cidr' || field === 'except') return `${field} belongs under ipBlock`;
  }
  if (definition === 'NetworkPolicyIngressRule' && field === 'to') return 'ingress rules list their sources under from';
  if (definition === 'NetworkPolicyEgressRule' && field === 'from') return 'egress rules list their destinations under to';
  if ((definition === 'NetworkPolicyIngressRule' || definition === 'NetworkPolicyEgressRule') && ['podSelector', 'namespaceSelector', 'ipBlock'].includes(field)) {
    return `${field} is a peer: put it in a list under ${definition === 'NetworkPolicyIngressRule' ? 'from' : 'to'}`;
  }
  if (definition === 'NetworkPolicySpec' && (field === 'from' || field === 'to' || field === 'ports')) {
    return `${field} belongs in a rule under ${field === 'to' ? 'egress' : field === 'from' ? 'ingress' : 'ingress or egress'}`;
  }
  if (definition === undefined && (field === 'podSelector' || field === 'policyTypes' || field === 'ingress' || field === 'egress')) {
    return `${field} belongs under spec`;
  }
  return undefined;
}

export const NETWORK_POLICY_SCHEMA = new CompiledSchema(policySchema as SchemaNode, policyHints);

const definitions = policySchema.definitions;

/**
 * Checks of the schema that rules of the catalogue make too, with more to say (which object is rejected, quick
 * fixes): the schema file keeps them for editors that read it; here they are left to the rules.
 */
const CHECKED_BY_RULES: readonly { keyword: string; schema: unknown; rule: string }[] = [
  { keyword: 'anyOf', schema: definitions.NetworkPolicyPeer.allOf[0], rule: 'empty-peer' },
  { keyword: 'format', schema: definitions.IPBlock.properties.cidr, rule: 'invalid-cidr' },
  { keyword: 'format', schema: definitions.IPBlock.properties.except.items, rule: 'invalid-cidr' },
  { keyword: 'dependencies', schema: definitions.NetworkPolicyPort, rule: 'invalid-end-port' },
  { keyword: 'type', schema: definitions.NetworkPolicyPort.then.properties.port, rule: 'invalid-end-port' },
];

function checkedByRules(problem: SchemaProblem): boolean {
  return CHECKED_BY_RULES.some((c) => c.keyword === problem.keyword && c.schema === problem.schemaNode);
}

/**
 * Schema findings for one NetworkPolicy object. A problem the extractor already reported at the same place
 * (invalid selectors, labels, protocols, ports, policyTypes), or that a rule reports (CHECKED_BY_RULES), is not
 * said twice.
 */
export function policySchemaFindings(reader: AstReader, policy: unknown, reported: readonly Finding[]): Finding[] {
  const located = locatedValue(reader, policy);
  const problems = NETWORK_POLICY_SCHEMA.validate(located);
  if (problems.length === 0) return [];
  const whole = located.locations.get('')!.span;
  const taken = new Set(
    reported
      .filter((f) => f.span.file === whole.file && f.span.start >= whole.start && f.span.end <= whole.end)
      .map((f) => `${f.span.start}:${f.span.end}`),
  );
  return problems
    .filter((p) => !taken.has(`${p.span.start}:${p.span.end}`) && !checkedByRules(p))
    .map((p) => toFinding(p));
}

export function toFinding(problem: SchemaProblem): Finding {
  return {
    code: SCHEMA_CODE,
    severity: 'error',
    message: problem.message,
    span: problem.span,
    data: { pointer: problem.pointer, keyword: problem.keyword, ...(problem.replacement ? { replacement: problem.replacement } : {}) },
  };
}
