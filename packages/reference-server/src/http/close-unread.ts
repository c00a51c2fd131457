/** Keeps a connection whose request body was not read to the end from being reused for the next request. */
import { type Request } from 'express';

/**
 * Marks the response `Connection: close` when the request body has not been read to its end (a body refused
 * half way, a parser that gave up): the unread rest would otherwise sit on a keep-alive socket in front of the
 * client's next request, which then hangs. Call before answering.
 */
export function closeIfUnread(req: Request): void {
  if (!req.complete && !req.res?.headersSent) req.res?.setHeader('Connection', 'close');
}
