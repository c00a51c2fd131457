/** API-key authentication (Bearer or X-API-Key) and role checks; open development mode lets everyone in as admin. */
import { type NextFunction, type Request, type Response } from 'express';
import { ServerError } from '../errors.js';
import { hashToken, roleAllows } from '../keys/tokens.js';
import { type KeyRole } from '../storage/records.js';
import { type Storage } from '../storage/storage.js';

/** Who is calling: a stored key, or the anonymous admin of open development mode. */
export interface Principal {
  readonly keyId: string | null;
  readonly role: KeyRole;
}

/** The authenticated caller of this request (set by {@link authenticate}). */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

function tokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return req.get('x-api-key')?.trim() || undefined;
}

/**
 * Resolves the caller's key; 401 when absent or unknown (a revoked key is unknown), unless `open` is set,
 * in which case keyless calls run as admin (a presented key is still checked so roles can be tried out).
 */
export function authenticate(storage: Storage, open: boolean) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = tokenOf(req);
    if (!token) {
      if (!open)
        throw new ServerError('UNAUTHENTICATED', 'an API key is required (Authorization: Bearer <key>)');
      res.locals.principal = { keyId: null, role: 'admin' } satisfies Principal;
      return next();
    }
    const key = await storage.findKeyByHash(hashToken(token));
    if (!key) throw new ServerError('UNAUTHENTICATED', 'unknown or revoked API key');
    res.locals.principal = { keyId: key.id, role: key.role } satisfies Principal;
    void storage.touchKey(key.id).catch(() => undefined);
    next();
  };
}

/** Middleware refusing callers whose role is below `role` with 403. */
export function requireRole(role: KeyRole) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const p = principalOf(res);
    if (!p) throw new ServerError('UNAUTHENTICATED', 'an API key is required');
    if (!roleAllows(p.role, role)) {
      throw new ServerError('FORBIDDEN', `this call needs a ${role} key`, {
        details: { need: role, have: p.role },
      });
    }
    next();
  };
}
