// Label key and value syntax as Kubernetes validates it (apimachinery IsQualifiedName / IsValidLabelValue).

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A message when `key` is not a valid label key, else undefined. */
export function checkLabelKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `Label key "${key}": the prefix must be a DNS subdomain (lowercase, at most 253 characters).`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `Label key "${key}": the name part must be 1-63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`;
  }
  return undefined;
}

/** A message when `value` is not a valid label value, else undefined. */
export function checkLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value)) {
    return `Label value "${value}" must be at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`;
  }
  return undefined;
}
