// A JSON Schema walked by YAML path, for editor help: the schema a path leads to, the fields a mapping there may hold,
// and what each field is (its description, its shape, its type in words). Handles the draft-07 constructs
// schemas/networkpolicy.schema.json uses: $ref into definitions (a property's own description wins over the
// definition's), anyOf/oneOf/allOf branches, and type lists such as ["object", "null"].
import policySchema from '../../../schemas/networkpolicy.schema.json';

/** A mapping key, or a list item (any index: the items of a list share one schema). */
export type PathSegment = string | number;

type SchemaNode = Record<string, unknown>;

export interface SchemaField {
  name: string;
  description?: string;
  /** A mapping, a list, or a scalar: what the value written under the key looks like. */
  shape: 'mapping' | 'list' | 'scalar';
  /** The type in words: `LabelSelector`, `list of NetworkPolicyPeer`, `string`, `TCP | UDP | SCTP`, `integer or string`. */
  detail: string;
  required: boolean;
}

/** Deeper than any $ref chain or combinator nesting of a sane schema; stops a cyclic $ref. */
const MAX_DEPTH = 32;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SchemaPaths {
  constructor(private readonly root: SchemaNode) {}

  /** The named definition a `$ref` points to (`#/definitions/<name>` only), or undefined. */
  private definition(ref: unknown): { name: string; node: SchemaNode } | undefined {
    if (typeof ref !== 'string') return undefined;
    const m = /^#\/definitions\/([^/]+)$/.exec(ref);
    const node = m ? (this.root.definitions as SchemaNode | undefined)?.[m[1]] : undefined;
    return m && isNode(node) ? { name: m[1], node } : undefined;
  }

  /** The schema nodes a node stands for: itself, its $ref's target, and its anyOf/oneOf/allOf branches, recursively. */
  private branches(node: unknown, depth = 0, out: SchemaNode[] = []): SchemaNode[] {
    if (!isNode(node) || depth > MAX_DEPTH) return out;
    out.push(node);
    const target = this.definition(node.$ref);
    if (target) this.branches(target.node, depth + 1, out);
    for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[combinator];
      if (Array.isArray(list)) for (const branch of list) this.branches(branch, depth + 1, out);
    }
    return out;
  }

  /** The branches of the schema at `path` (the root's for `[]`); undefined when the schema has nothing there. */
  nodesAt(path: readonly PathSegment[]): SchemaNode[] | undefined {
    let nodes = this.branches(this.root);
    for (const segment of path) {
      const next: SchemaNode[] = [];
      for (const node of nodes) {
        if (typeof segment === 'number') {
          if (isNode(node.items)) this.branches(node.items, 0, next);
        } else {
          const properties = node.properties;
          // Only declared fields: a key of a label map or of annotations is user data, with no schema of its own.
          if (isNode(properties) && Object.prototype.hasOwnProperty.call(properties, segment)) this.branches(properties[segment], 0, next);
        }
      }
      if (next.length === 0) return undefined;
      nodes = next;
    }
    return nodes;
  }

  /** The fields a mapping at `path` may hold, in schema order; undefined when no mapping with fields is there. */
  fieldsAt(path: readonly PathSegment[]): SchemaField[] | undefined {
    const nodes = this.nodesAt(path);
    if (!nodes) return undefined;
    const required = new Set<string>();
    const names: string[] = [];
    for (const node of nodes) {
      if (!isNode(node.properties)) continue;
      if (Array.isArray(node.required)) for (const r of node.required) if (typeof r === 'string') required.add(r);
      for (const name of Object.keys(node.properties)) if (!names.includes(name)) names.push(name);
    }
    if (names.length === 0) return undefined;
    return names.map((name) => ({ ...this.fieldAt([...path, name])!, required: required.has(name) }));
  }

  /** The field the last key of `path` names (undefined when the path ends with a list item or leads nowhere). */
  fieldAt(path: readonly PathSegment[]): SchemaField | undefined {
    const name = path[path.length - 1];
    if (typeof name !== 'string') return undefined;
    const parent = this.nodesAt(path.slice(0, -1));
    const nodes = this.nodesAt(path);
    if (!parent || !nodes) return undefined;
    // `required` beside the fields (an anyOf of `required` lists, as a peer's, says "one of these", not "each").
    const required = parent.some((n) => isNode(n.properties) && Array.isArray(n.required) && n.required.includes(name));
    return { name, description: firstDescription(nodes), shape: shapeOf(nodes), detail: this.detail(nodes), required };
  }

  /** The description of what `path` leads to: its field's, or (for a list item) the item schema's. */
  descriptionAt(path: readonly PathSegment[]): string | undefined {
    const nodes = this.nodesAt(path);
    return nodes ? firstDescription(nodes) : undefined;
  }

  private detail(nodes: readonly SchemaNode[]): string {
    const named = nodes.map((n) => this.definition(n.$ref)?.name).find((n) => n !== undefined && !/Map$|Name$/.test(n));
    const shape = shapeOf(nodes);
    if (shape === 'mapping') return named ?? 'mapping';
    if (shape === 'list') {
      const items = nodes.map((n) => n.items).find(isNode);
      const itemNodes = items ? this.branches(items) : [];
      const itemName = itemNodes.map((n) => this.definition(n.$ref)?.name).find((n) => n !== undefined);
      return `list of ${itemName ?? (itemNodes.length ? scalarWords(itemNodes) : 'values')}`;
    }
    return scalarWords(nodes);
  }
}

/** The first description met: a property's own, before its $ref's definition, before its branches'. */
function firstDescription(nodes: readonly SchemaNode[]): string | undefined {
  return nodes.map((n) => n.description).find((d): d is string => typeof d === 'string');
}

function typesOf(nodes: readonly SchemaNode[]): string[] {
  const types: string[] = [];
  for (const n of nodes) for (const t of Array.isArray(n.type) ? n.type : n.type !== undefined ? [n.type] : []) if (typeof t === 'string' && !types.includes(t)) types.push(t);
  return types;
}

function shapeOf(nodes: readonly SchemaNode[]): SchemaField['shape'] {
  const types = typesOf(nodes);
  if (types.includes('object') || nodes.some((n) => isNode(n.properties))) return 'mapping';
  if (types.includes('array') || nodes.some((n) => isNode(n.items))) return 'list';
  return 'scalar';
}

function scalarWords(nodes: readonly SchemaNode[]): string {
  const values = nodes.flatMap((n) => (Array.isArray(n.enum) ? n.enum : 'const' in n ? [n.const] : []));
  if (values.length) return values.map((v) => String(v)).join(' | ');
  const types = typesOf(nodes).filter((t) => t !== 'null');
  return types.length ? types.join(' or ') : 'value';
}

/** schemas/networkpolicy.schema.json (networking.k8s.io/v1 NetworkPolicy), walked by path. */
export const NETWORK_POLICY_SCHEMA_PATHS = new SchemaPaths(policySchema as unknown as SchemaNode);
