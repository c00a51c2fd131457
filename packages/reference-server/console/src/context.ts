/** What every page receives: the API client, the server's console info, route parameters and navigation. */
import { type ApiClient } from './api.js';
import { type ConsoleInfo } from './types.js';

/** A page's context. */
export interface PageContext {
  readonly api: ApiClient;
  readonly info: ConsoleInfo;
  /** Route parameters, e.g. the task id of `#/training/:id`. */
  readonly params: readonly string[];
  /** Goes to a hash route, e.g. `navigate('/training/abc')`. */
  navigate(path: string): void;
  /** Aborted when the user leaves the page (stop polling, close streams). */
  readonly signal: AbortSignal;
}

/** A mounted page: its root element. */
export type PageRenderer = (ctx: PageContext) => HTMLElement;
