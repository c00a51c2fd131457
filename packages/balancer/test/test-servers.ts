/** Real node:http servers on 127.0.0.1 whose behaviour can be switched: ok, 503, slow, killed and restarted. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a {@link FaultyServer} answers. */
export type ServerMode = 'ok' | '503' | 'slow';

/** One switchable HTTP server; `served` counts 200 answers, `servedSince` those after the last (re)start. */
export class FaultyServer {
  mode: ServerMode = 'ok';
  slowMs = 20;
  served = 0;
  servedSince = 0;
  port = 0;
  private server: Server | undefined;

  constructor(readonly name: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listen on the previous port when restarting (port 0 the first time). */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const answer = () => {
        if (this.mode === '503') {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
          return;
        }
        this.served++;
        this.servedSince++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ server: this.name }));
      };
      req.resume();
      if (this.mode === 'slow') setTimeout(answer, this.slowMs);
      else answer();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    this.servedSince = 0;
  }

  /** Kill: stop listening and drop every open connection (in-flight requests see a reset). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
