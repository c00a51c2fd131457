/** Server-sent events as an async iterator (eventsource-parser), resuming with `Last-Event-ID` after a drop. */
import { createParser, type ParsedEvent } from 'eventsource-parser';
import { CompassStreamError, isCompassClientError } from './errors.js';
import type { CallOptions, HttpCore } from './http-core.js';

/** One server-sent event: its name, id and JSON data (text when it is not JSON). */
export interface ServerEvent<Data = unknown> {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: Data;
}

/** Options of {@link readEventStream}. */
export interface EventStreamOptions extends CallOptions {
  /** Resume after this event id (sent as `Last-Event-ID`). */
  readonly lastEventId?: string;
  /** Reconnections after a dropped connection before giving up (default 3). */
  readonly maxReconnects?: number;
  /** Event names that end the stream once seen (default `end`). */
  readonly endEvents?: readonly string[];
}

function decode(message: ParsedEvent): ServerEvent {
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // Not JSON: keep the text.
  }
  return { event: message.event ?? 'message', id: message.id, data };
}

/**
 * Reads `path` as an event stream until an end event, the caller's abort, or a failure after `maxReconnects`
 * reconnections (each resumes from the last id seen, so no event is repeated or lost on a well-behaved server).
 */
export async function* readEventStream(
  core: HttpCore,
  path: string,
  options: EventStreamOptions = {},
): AsyncGenerator<ServerEvent, void, undefined> {
  const endEvents = new Set(options.endEvents ?? ['end']);
  let lastId = options.lastEventId;
  let reconnects = 0;
  for (;;) {
    const response = await core.stream(
      {
        method: 'GET',
        path,
        headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      },
      options,
    );
    const queue: ServerEvent[] = [];
    const parser = createParser((m) => {
      if (m.type === 'event') queue.push(decode(m));
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const onAbort = () => void reader.cancel().catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
        while (queue.length) {
          const event = queue.shift()!;
          if (event.id !== undefined) lastId = event.id;
          yield event;
          if (endEvents.has(event.event)) return;
        }
        reconnects = 0;
      }
    } catch (e) {
      if (options.signal?.aborted) return;
      if (reconnects >= (options.maxReconnects ?? 3))
        throw isCompassClientError(e)
          ? e
          : new CompassStreamError(`event stream ${path} broke`, { cause: e });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      reader.releaseLock();
    }
    if (options.signal?.aborted) return;
    if (reconnects >= (options.maxReconnects ?? 3))
      throw new CompassStreamError(`event stream ${path} closed before its end event`);
    reconnects++;
  }
}
