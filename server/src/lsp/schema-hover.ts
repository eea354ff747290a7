// The schema's description of the NetworkPolicy key under the cursor (schemas/networkpolicy.schema.json), for
// hover.ts to show after what it has to say about the object there. Only in networking.k8s.io/v1 NetworkPolicy
// documents, and only on a key.
import type { Position } from 'vscode-languageserver/node';
import { NETWORK_POLICY_SCHEMA_PATHS } from '../core/schema-paths';
import { isNetworkPolicyV1, keyAt } from '../core/yaml-key-path';

/** Markdown: the key, its type and its description; undefined when the cursor is not on a key the schema describes. */
export function schemaKeyHover(text: string, position: Position): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const at = keyAt(lines, position.line, position.character);
  if (!at || !isNetworkPolicyV1(lines, position.line)) return undefined;
  const field = NETWORK_POLICY_SCHEMA_PATHS.fieldAt([...at.place.path, at.key]);
  if (!field?.description) return undefined;
  return `**${at.key}** · \`${field.detail}\`${field.required ? ' · required' : ''}\n\n${field.description}`;
}
