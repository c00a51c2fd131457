/** Test helper: reads a Server-Sent Events response into parsed events. */

/** One parsed event. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: unknown;
}

/** Reads events from `res` until `until(event)` is true or the stream ends. */
export async function readEvents(res: Response, until: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let sep: number;
    while ((sep = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, sep);
      buffer = buffer.slice(sep + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(':');
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
      }
      if (!fields.event) continue;
      const e = { id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? 'null') as unknown };
      events.push(e);
      if (until(e)) {
        await reader.cancel();
        return events;
      }
    }
  }
}
