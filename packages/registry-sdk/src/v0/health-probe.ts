/** The v0 checker's probe: `GET {base_url}/health`, whose answer sets a v0 instance's health on each heartbeat. */
import { runHttpCheck, type CheckOutcome } from '../checks/http-check.js';

/** Probes `http://host:port/health` once (never throws); the note says what the probe saw. */
export async function probeV0Health(
  host: string,
  port: number,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<CheckOutcome> {
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}/health`;
  const outcome = await runHttpCheck({ type: 'http', url, intervalMs: 10_000, timeoutMs }, fetchImpl);
  return { result: outcome.result, note: `v0 GET /health: ${outcome.note}` };
}
