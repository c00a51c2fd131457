/** The route table entry type: method, path, role, rate class, schemas and a thin handler, in one object. */
import { type Request, type Response } from 'express';
import { type z } from 'zod';
import { type KeyRole } from '../storage/records.js';
import { type AppContext } from './context.js';

/** Rate-limit buckets: each key gets its own budget per class. */
export type RateClass = 'read' | 'write' | 'upload' | 'predict' | 'train';

/** Parsed inputs handed to a handler. */
export interface RouteInput<B, Q> {
  readonly body: B;
  readonly query: Q;
  readonly params: Record<string, string>;
}

/** One API route; the table of these drives mounting, auth, rate limits, OpenAPI and the auth tests. */
export interface RouteSpec<B = unknown, Q = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. `/api/v1/tasks/:id`. */
  readonly path: string;
  readonly role: KeyRole;
  readonly rateClass: RateClass;
  readonly summary: string;
  /** JSON body schema; routes with one refuse other content types with 415. */
  readonly body?: z.ZodType<B>;
  readonly query?: z.ZodType<Q>;
  /** Schema of the success response (OpenAPI only). */
  readonly response?: z.ZodType;
  /** Success status (OpenAPI only; the handler sets it). */
  readonly status?: number;
  /** Body is not JSON (e.g. multipart): the handler reads the stream itself. */
  readonly rawBody?: { readonly contentType: string };
  /** With `body`: also accept `multipart/form-data`, turned into the body's shape by this reader before validation. */
  readonly multipart?: (req: Request, ctx: AppContext) => Promise<unknown>;
  readonly handler: (input: RouteInput<B, Q>, ctx: AppContext, req: Request, res: Response) => Promise<void>;
}

/** Declares a route with its input types inferred from the schemas. */
export function defineRoute<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** True for routes that change state (every method but GET). */
export function isMutating(route: Pick<RouteSpec, 'method'>): boolean {
  return route.method !== 'get';
}
