/** The console's client of the server's HTTP contract: JSON calls, uploads with progress, and SSE over fetch. */

/** A failed API call, carrying the server's error envelope (`{error:{code,message,details}}`). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, status: number, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** True when `e` is an {@link ApiError}. */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** One Server-Sent Event. */
export interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

/** Options of {@link ApiClient.request}. */
export interface RequestOptions {
  readonly json?: unknown;
  readonly query?: Record<string, string | number | undefined>;
  readonly signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (body.error?.code)
      return new ApiError(
        body.error.code,
        body.error.message ?? body.error.code,
        res.status,
        body.error.details,
      );
  } catch {
    // Not an envelope: report the status line.
  }
  return new ApiError(`HTTP_${res.status}`, text.slice(0, 200) || res.statusText, res.status);
}

/** Client of one COMPASS server with one API key. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #key: string;

  constructor(baseUrl: string, key: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#key = key;
  }

  #url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(`${this.baseUrl}${path}`, location.href);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.#key}`, ...extra };
  }

  /** Calls the API and returns the parsed JSON (undefined for 204); throws {@link ApiError} on failure. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const init: RequestInit = { method, headers: this.#headers(), signal: options.signal };
    if (options.json !== undefined) {
      init.headers = this.#headers({ 'content-type': 'application/json' });
      init.body = JSON.stringify(options.json);
    }
    let res: Response;
    try {
      res = await fetch(this.#url(path, options.query), init);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError('NETWORK_ERROR', `cannot reach ${this.baseUrl}: ${(err as Error).message}`, 0);
    }
    if (!res.ok) throw await toApiError(res);
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  }

  /** GET shorthand. */
  get<T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  /** Downloads a response body as a Blob (with the key, which a plain link could not send). */
  async blob(path: string): Promise<Blob> {
    const res = await fetch(this.#url(path), { headers: this.#headers() });
    if (!res.ok) throw await toApiError(res);
    return res.blob();
  }

  /** Posts multipart form data, reporting upload progress (0..1); resolves with the JSON answer. */
  upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.#url(path));
      xhr.setRequestHeader('authorization', `Bearer ${this.#key}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', `upload to ${this.baseUrl} failed`, 0));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve(body as T);
          return;
        }
        const env = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        reject(new ApiError(env?.code ?? `HTTP_${xhr.status}`, env?.message ?? xhr.statusText, xhr.status));
      };
      xhr.send(form);
    });
  }

  /**
   * Follows a Server-Sent Events stream with the key in the Authorization header (EventSource cannot send one).
   * Reconnects with `Last-Event-ID` after a dropped connection until `signal` aborts or an `end` event arrives.
   * Rejects at once with {@link ApiError} when the route answers an error (e.g. 404 on an older server).
   */
  async events(path: string, onEvent: (e: SseEvent) => void, signal: AbortSignal): Promise<void> {
    let lastId: string | undefined;
    let first = true;
    while (!signal.aborted) {
      let ended = false;
      try {
        const headers = this.#headers({ accept: 'text/event-stream' });
        if (lastId) headers['last-event-id'] = lastId;
        const res = await fetch(this.#url(path), { headers, signal });
        if (!res.ok || !res.body) {
          const err = await toApiError(res);
          if (first || res.status < 500) throw err;
        } else {
          first = false;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let cut: number;
            while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
              const parsed = parseSseBlock(block);
              if (!parsed) continue;
              if (parsed.id !== undefined) lastId = parsed.id;
              onEvent(parsed);
              if (parsed.event === 'end') ended = true;
            }
          }
        }
      } catch (err) {
        if (signal.aborted) return;
        if (isApiError(err)) throw err;
      }
      if (ended) return;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** Parses one SSE block (`event:`, `id:`, `data:` lines); comments and empty blocks give undefined. */
export function parseSseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0 && event === 'message') return undefined;
  return { event, id, data: data.join('\n') };
}

/** Where the console stores its server URL and key. */
const SESSION_KEY = 'compass.session';

/** The saved server URL and key. */
export interface Session {
  readonly server: string;
  readonly key: string;
}

/** The saved session; a `?key=` in the page URL is taken once, stored, and removed from the address bar. */
export function loadSession(): Session | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('key');
  if (fromUrl) {
    const server = url.searchParams.get('server') ?? location.origin;
    saveSession({ server, key: fromUrl });
    url.searchParams.delete('key');
    url.searchParams.delete('server');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.server === 'string' && typeof parsed.key === 'string'
      ? { server: parsed.server, key: parsed.key }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the session in localStorage. */
export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** Forgets the session. */
export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}
