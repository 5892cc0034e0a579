/**
 * Real-time event payloads may quote names, phones or messages. Erasure keeps only what cannot identify a person:
 * ids, timestamps and categorical fields (keep-list rather than block-list, so a new payload field is scrubbed by default).
 */
const KEEP =
  /^(id|ids|[a-z][A-Za-z]*Id|[a-z][A-Za-z]*Ids|[a-z][A-Za-z]*At|status|type|kind|channel|outcome|direction|reason|source|campaign|count|version|priority|role|restricted|anonymized|slaBreached)$/;

export function scrubPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubPayload);
  if (!value || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item && typeof item === 'object') kept[key] = scrubPayload(item);
    else if (KEEP.test(key)) kept[key] = item;
  }
  return kept;
}
