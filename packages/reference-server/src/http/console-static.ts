/** Serves the built web console (dist/console) at `/`, or a page saying how to build it when it is missing. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type RequestHandler, Router } from 'express';

/** This module's URL in both builds (`import.meta.url` in ESM, `__filename` in the CommonJS bundle). */
function consoleModuleUrl(): string {
  return typeof import.meta.url === 'string' ? import.meta.url : pathToFileURL(__filename).href;
}

/**
 * The console's own Content-Security-Policy: scripts only from this server, but `connect-src` open because the
 * console may be pointed at another COMPASS server URL; `blob:`/`data:` images for chart and heatmap downloads.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the built console is looked for: `$COMPASS_CONSOLE_DIR`, then beside the bundle, then the package's dist. */
export function consoleDistDir(): string | undefined {
  const here = dirname(fileURLToPath(consoleModuleUrl()));
  const candidates = [
    process.env.COMPASS_CONSOLE_DIR,
    join(here, 'console'), // dist/index.js -> dist/console
    resolve(here, '../../dist/console'), // src/http/console-static.ts -> dist/console
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

const MISSING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>COMPASS console not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>The COMPASS console is not built</h1>
<p>Build it with <code>npm run build -w packages/reference-server</code> (or <code>npm run build</code> at the
repository root), then reload this page. The API is available under <code>/api/v1</code>; see <a href="/docs">/docs</a>.</p>
</body></html>`;

/**
 * Router serving the console: `/` and `/index.html` give the single page, `/assets/*` its hashed bundles
 * (cached for a year; index.html never cached). Without `dir` the build is looked for on every page request, so a
 * console built (or rebuilt) after the server started is served; with `dir` null, or when no build is found, `/`
 * is a page saying how to build it. Mount after the API routes and before the 404 handler.
 *
 * @example
 * app.use(consoleStatic());
 */
export function consoleStatic(dir?: string | null): Router {
  const router = Router();
  const statics = new Map<string, RequestHandler>();
  const locate = (): string | undefined =>
    dir === null
      ? undefined
      : dir === undefined
        ? consoleDistDir()
        : existsSync(join(dir, 'index.html'))
          ? dir
          : undefined;
  const csp: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    next();
  };
  router.get(['/', '/index.html'], csp, (_req, res) => {
    const found = locate();
    if (!found) {
      res.status(200).type('html').send(MISSING_PAGE);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(found, 'index.html'));
  });
  router.use('/assets', csp, (req, res, next) => {
    const found = locate();
    if (!found) {
      next();
      return;
    }
    let serve = statics.get(found);
    if (!serve) {
      serve = express.static(join(found, 'assets'), { immutable: true, maxAge: '365d', index: false });
      statics.set(found, serve);
    }
    serve(req, res, next);
  });
  return router;
}
