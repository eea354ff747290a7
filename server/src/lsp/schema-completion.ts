// Completion of NetworkPolicy keys from schemas/networkpolicy.schema.json: the fields the mapping at the cursor may
// hold, less those it has, each with the schema's description. Only in networking.k8s.io/v1 NetworkPolicy documents
// (other YAML is left to other extensions, such as Red Hat YAML), and only where a key is being typed: at the start of
// an entry of a block mapping (an empty line, `- `, a half-typed word) or of a flow mapping on the cursor's line.
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver/node';
import { NETWORK_POLICY_SCHEMA_PATHS, SchemaField } from '../core/schema-paths';
import { isNetworkPolicyV1, keyPlace } from '../core/yaml-key-path';

/**
 * Fields the API server writes (the schema keeps them so that exported objects validate): never offered to someone
 * writing a manifest. Hover still describes them.
 */
const WRITTEN_BY_THE_SERVER = new Set([
  'status',
  ...['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields'].map(
    (key) => `metadata.${key}`,
  ),
]);

/**
 * Key items at `character` of line `line` (lines: the document split on line breaks; `eol`: the document's line
 * break, for keys that insert one); [] when none apply.
 */
export function schemaKeyCompletion(lines: readonly string[], line: number, character: number, eol = '\n'): CompletionItem[] {
  const text = lines[line];
  if (text === undefined || character < 0 || character > text.length) return [];
  const before = text.slice(0, character);
  const typed = /[A-Za-z0-9_.\/-]*$/.exec(before)![0];
  if (typed && !/^[A-Za-z_]/.test(typed)) return [];
  const start = character - typed.length;
  const wordEnd = character + /^[A-Za-z0-9_.\/-]*/.exec(text.slice(character))![0].length;
  const rest = text.slice(wordEnd);
  // A key already followed by its colon is written: renaming it is not completion's business.
  if (/^\s*:/.test(rest)) return [];
  const place = keyPlace(lines, line, start);
  if (!place) return [];
  // In block style the key is the whole entry so far; whatever trails it (spaces) is replaced too.
  if (!place.flow && rest.trim() !== '') return [];
  if (!isNetworkPolicyV1(lines, line)) return [];
  const fields = NETWORK_POLICY_SCHEMA_PATHS.fieldsAt(place.path);
  if (!fields) return [];
  const present = new Set(place.present);
  const end = place.flow ? wordEnd : text.length;
  const at = place.path.join('.');
  return fields
    .filter((f) => !present.has(f.name) && !WRITTEN_BY_THE_SERVER.has(at ? `${at}.${f.name}` : f.name))
    .map((f, i) => ({
      label: f.name,
      kind: CompletionItemKind.Property,
      detail: f.required ? `${f.detail} · required` : f.detail,
      ...(f.description ? { documentation: { kind: MarkupKind.Markdown, value: f.description } } : {}),
      sortText: String(i).padStart(4, '0'),
      filterText: f.name,
      textEdit: { range: { start: { line, character: start }, end: { line, character: end } }, newText: place.flow ? `${f.name}: ` : blockEntry(f, start, eol) },
      insertTextFormat: InsertTextFormat.PlainText,
      // The indentation below is absolute: the editor must not add the line's indentation again.
      insertTextMode: InsertTextMode.asIs,
    }));
}

/** `key: ` for a scalar; for a mapping or a list the key, a line break and the indentation of its first entry. */
function blockEntry(field: SchemaField, column: number, eol: string): string {
  const indent = ' '.repeat(column + 2);
  if (field.shape === 'mapping') return `${field.name}:${eol}${indent}`;
  if (field.shape === 'list') return `${field.name}:${eol}${indent}- `;
  return `${field.name}: `;
}
