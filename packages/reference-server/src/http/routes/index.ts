/** The API route table: every route under /api/v1, in one list that mounting, OpenAPI and the auth tests share. */
import { type RouteSpec } from '../route.js';
import { consoleRoutes } from './console-routes.js';
import { datasetRoutes } from './datasets.js';
import { inferenceRoutes } from './inference.js';
import { keyRoutes } from './keys.js';
import { kserveRoutes } from './kserve.js';
import { modelRoutes } from './models.js';
import { taskRoutes } from './tasks.js';

/** Every authenticated API route. Add new resources here. */
export const API_ROUTES: readonly RouteSpec[] = [
  ...keyRoutes,
  ...taskRoutes,
  ...datasetRoutes,
  ...modelRoutes,
  ...inferenceRoutes,
  ...kserveRoutes,
  ...consoleRoutes,
];
