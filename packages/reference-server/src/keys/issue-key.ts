/** Creates an API key: stores its hash and returns the token, which is never stored. */
import { type ApiKey, type KeyRole } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';
import { generateToken, hashToken } from './tokens.js';

/** A new key with its token, which only this result ever holds. */
export interface IssuedKey {
  readonly key: ApiKey;
  readonly token: string;
}

/** Issues a key of `role` named `name`. */
export async function issueKey(storage: Storage, name: string, role: KeyRole): Promise<IssuedKey> {
  const token = generateToken();
  const key = await storage.createKey({ name, role, hash: hashToken(token) });
  return { key, token };
}
