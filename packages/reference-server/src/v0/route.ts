/** The v0 route table entry: method, path, summary, schemas (for validation and the v0 OpenAPI document), handler. */
import { type Request, type Response } from 'express';
import { type z } from 'zod';
import { type AppContext } from '../http/context.js';

/** What v0 handlers get: the app's services plus the adapter's own settings. */
export interface V0Context extends Pick<
  AppContext,
  'storage' | 'tasks' | 'datasets' | 'models' | 'inference' | 'limits' | 'logger' | 'isDraining'
> {
  /** How long an upload waits for its dataset to be validated before answering `processing`. */
  readonly uploadWaitMs: number;
}

/** One v0 route. */
export interface V0RouteSpec {
  readonly method: 'get' | 'post' | 'delete';
  /** Express path, e.g. `/api/v1/training/tasks/:id`. */
  readonly path: string;
  readonly summary: string;
  /** Success status (the handler sets it; OpenAPI shows it). */
  readonly status: number;
  /** JSON body schema (validated by the handler, which maps the v0 names; OpenAPI shows it). */
  readonly body?: z.ZodType;
  /** Multipart upload (OpenAPI only). */
  readonly multipart?: boolean;
  readonly query?: z.ZodType;
  readonly response?: z.ZodType;
  readonly handler: (ctx: V0Context, req: Request, res: Response) => Promise<void>;
}
