/** Public health routes: `/health`, `/v2/health/live` and `/v2/health/ready`. */
import { Router } from 'express';

/** Readiness inputs: whether a default model is loaded and whether the server is draining. */
export interface HealthDeps {
  readonly readiness: () => boolean | Promise<boolean>;
  readonly isDraining: () => boolean;
}

/** Router with the three health routes; ready answers 503 while no model is loaded or while draining. */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: deps.isDraining() ? 'draining' : 'ok' });
  });
  router.get('/v2/health/live', (_req, res) => {
    res.json({ live: true });
  });
  router.get('/v2/health/ready', async (_req, res) => {
    const draining = deps.isDraining();
    const modelLoaded = draining ? false : await deps.readiness();
    const ready = !draining && modelLoaded;
    res.status(ready ? 200 : 503).json({ ready, draining, modelLoaded });
  });
  return router;
}
