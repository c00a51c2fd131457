/** Who may call the keyless v0 surface: loopback and allow-listed addresses, or anyone with one of our API keys. */
import { type NextFunction, type Request, type Response } from 'express';
import { addressAllowList } from '@compass/registry-sdk';
import { hashToken } from '../keys/tokens.js';
import { type Storage } from '../storage/storage.js';
import { httpError } from './errors.js';

/** Options of {@link v0Access}. */
export interface V0AccessOptions {
  /** Addresses or subnets besides loopback that may call without a key. */
  readonly allow?: readonly string[];
  /** Whether callers from other addresses may present one of our API keys (role train or above) instead. */
  readonly acceptKeys?: boolean;
}

function tokenOf(req: Pick<Request, 'headers'>): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key.trim() ? key.trim() : undefined;
}

/**
 * A check usable by both the HTTP routes and the WebSocket upgrade: true when the caller's address is allowed,
 * or when keys are accepted and it presents a live API key with role `train` or `admin` (FLASH-DOCK trains).
 */
export function v0AccessCheck(
  storage: Storage,
  options: V0AccessOptions,
): (req: Pick<Request, 'headers' | 'socket'>) => Promise<boolean> {
  const allowed = addressAllowList(options.allow);
  return async (req) => {
    if (allowed(req.socket.remoteAddress)) return true;
    if (!options.acceptKeys) return false;
    const token = tokenOf(req);
    if (!token) return false;
    const key = await storage.findKeyByHash(hashToken(token));
    return key !== undefined && (key.role === 'train' || key.role === 'admin');
  };
}

/** Express middleware refusing callers {@link v0AccessCheck} does not let in, with 403 `{detail}`. */
export function v0Access(check: ReturnType<typeof v0AccessCheck>) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (await check(req)) return next();
    next(
      httpError(
        403,
        `v0 API calls from ${req.socket.remoteAddress ?? 'this address'} are not allowed (see --v0-allow)`,
      ),
    );
  };
}
