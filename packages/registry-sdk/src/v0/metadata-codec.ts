/** v0 metadata (values of any JSON type) kept in our string-valued metadata, and read back unchanged. */
import { V0RequestError } from './errors.js';

/** Metadata key listing (as a JSON array) the keys whose values were JSON-encoded because they were not strings. */
export const V0_JSON_KEYS = 'v0.jsonKeys';

/**
 * Our metadata for a v0 `metadata` object: string values as they are (so balancer filters work on them), other
 * values JSON-encoded and listed under {@link V0_JSON_KEYS}.
 *
 * @throws V0RequestError (422) when a key is the reserved {@link V0_JSON_KEYS}.
 */
export function encodeV0Metadata(metadata: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  const jsonKeys: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (key === V0_JSON_KEYS) {
      throw new V0RequestError('V0_VALIDATION_FAILED', [
        { type: 'value_error', loc: ['body', 'metadata', key], msg: `the key ${key} is reserved` },
      ]);
    }
    if (typeof value === 'string') out[key] = value;
    else {
      out[key] = JSON.stringify(value);
      jsonKeys.push(key);
    }
  }
  if (jsonKeys.length > 0) out[V0_JSON_KEYS] = JSON.stringify(jsonKeys);
  return out;
}

/** The v0 metadata object stored by {@link encodeV0Metadata}; instances registered through `/v1` come back as strings. */
export function decodeV0Metadata(metadata: Readonly<Record<string, string>>): Record<string, unknown> {
  let jsonKeys: unknown = [];
  try {
    jsonKeys = JSON.parse(metadata[V0_JSON_KEYS] ?? '[]');
  } catch {
    // Set by hand through /v1: treat every value as a string.
  }
  const encoded = new Set(Array.isArray(jsonKeys) ? jsonKeys.filter((k) => typeof k === 'string') : []);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key === V0_JSON_KEYS) continue;
    if (!encoded.has(key)) {
      out[key] = value;
      continue;
    }
    try {
      out[key] = JSON.parse(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}
