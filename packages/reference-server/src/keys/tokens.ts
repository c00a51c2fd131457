/** API key tokens: 32 random bytes shown once; only their SHA-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';
import { type KeyRole } from '../storage/records.js';

/** Prefix that makes a COMPASS token recognisable in logs and secret scanners. */
export const TOKEN_PREFIX = 'cmp_';

/** A fresh random token (`cmp_` + 43 base64url characters). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The stored hash of a token. SHA-256 (not a slow KDF) is enough because tokens carry 256 random bits,
 * and it lets the store look a key up by hash.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const RANK: Readonly<Record<KeyRole, number>> = { read: 0, predict: 1, train: 2, admin: 3 };

/** True when a key of role `have` may call a route that needs `need` (roles are ordered read < predict < train < admin). */
export function roleAllows(have: KeyRole, need: KeyRole): boolean {
  return RANK[have] >= RANK[need];
}
