/** Bearer-token authentication: writes need a write token; reads are open or need a read (or write) token. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';
import { HttpProblem, ServerConfigError } from './problem.js';

/** Who may call the API. */
export interface RegistryAuthOptions {
  /** Tokens accepted for writes (and reads). Several may be valid at once, which allows rotation. */
  readonly writeTokens?: readonly string[];
  /** When non-empty, reads need one of these tokens (or a write token); otherwise reads are open. */
  readonly readTokens?: readonly string[];
  /** Accept writes without a token. Off by default; meant for tests and throwaway local registries only. */
  readonly allowAnonymousWrites?: boolean;
}

/** The two guards the router puts in front of its routes. */
export interface AuthGuards {
  readonly read: (req: Request, res: Response, next: NextFunction) => void;
  readonly write: (req: Request, res: Response, next: NextFunction) => void;
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/**
 * Compares `candidate` with every token in constant time per token: both sides are hashed to equal length
 * first, and the loop never stops early, so timing reveals neither which token matched nor a common prefix.
 */
function matchesAny(candidate: string, tokens: readonly Buffer[]): boolean {
  const hashed = digest(candidate);
  let found = false;
  for (const token of tokens) found = timingSafeEqual(hashed, token) || found;
  return found;
}

function checkTokens(kind: string, tokens: readonly string[]): Buffer[] {
  for (const token of tokens) {
    if (token.length === 0 || /\s/.test(token))
      throw new ServerConfigError(`${kind} tokens must be non-empty and without spaces`);
  }
  return tokens.map(digest);
}

function bearerOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function deny(res: Response, message: string): HttpProblem {
  res.setHeader('WWW-Authenticate', 'Bearer realm="compass-registry"');
  return new HttpProblem(401, 'UNAUTHORIZED', message);
}

/** Builds the read and write guards; throws {@link ServerConfigError} when writes would be open by accident. */
export function createAuthGuards(options: RegistryAuthOptions = {}): AuthGuards {
  const writeTokens = checkTokens('write', options.writeTokens ?? []);
  const readTokens = checkTokens('read', options.readTokens ?? []);
  if (writeTokens.length === 0 && !options.allowAnonymousWrites) {
    throw new ServerConfigError(
      'no write token configured: pass writeTokens (or allowAnonymousWrites: true)',
    );
  }
  const writesOpen = writeTokens.length === 0;
  const readsOpen = readTokens.length === 0;

  const write = (req: Request, res: Response, next: NextFunction): void => {
    if (writesOpen) return next();
    const token = bearerOf(req);
    if (token === undefined) return next(deny(res, 'a bearer token is required for writes'));
    if (matchesAny(token, writeTokens)) return next();
    if (matchesAny(token, readTokens))
      return next(new HttpProblem(403, 'FORBIDDEN', 'this token may only read'));
    return next(deny(res, 'invalid bearer token'));
  };
  const read = (req: Request, res: Response, next: NextFunction): void => {
    if (readsOpen) return next();
    const token = bearerOf(req);
    if (token === undefined) return next(deny(res, 'a bearer token is required for reads'));
    if (matchesAny(token, readTokens) || matchesAny(token, writeTokens)) return next();
    return next(deny(res, 'invalid bearer token'));
  };
  return { read, write };
}
