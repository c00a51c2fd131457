/** Zod schemas of the REST API's bodies, queries and responses: they validate requests and feed the OpenAPI document. */
import { z } from 'zod';

/** Body of `PUT /v1/instances/:id/ttl/{pass|warn|fail}` (optional). */
export const ttlReportSchema = z.strictObject({
  note: z
    .string()
    .max(4096)
    .optional()
    .describe('Free text shown with the status, e.g. why the instance warns'),
});

/** Body of `PUT /v1/instances/:id/maintenance`. */
export const maintenanceSchema = z.strictObject({
  enabled: z
    .boolean()
    .describe('true puts the instance in maintenance (not discoverable); false takes it out'),
  reason: z.string().max(1024).optional(),
});

/** Known query parameters of `GET /v1/services/:service/instances`; `meta.KEY=VALUE` filters are read apart. */
export const instanceListQuerySchema = z.looseObject({
  passing: z
    .enum(['true', 'false'])
    .optional()
    .describe('Default true: only passing, non-draining instances; false returns every status'),
  tag: z
    .union([z.string().max(256), z.array(z.string().max(256)).max(32)])
    .optional()
    .describe('Repeatable; every tag listed must be present'),
  index: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a non-negative integer')
    .optional()
    .describe('Blocking query: answer once the registry index exceeds this value (or `wait` elapses)'),
  wait: z
    .string()
    .regex(/^\d{1,9}(ms|s|m)$/, 'must be a duration such as 500ms, 30s or 5m')
    .optional()
    .describe('Longest time a blocking query waits (capped by the server), e.g. 30s'),
});

const ttlCheckSchema = z.object({
  type: z.literal('ttl'),
  ttlMs: z.number(),
  deregisterCriticalAfterMs: z.number().optional(),
});
const httpCheckSchema = z.object({
  type: z.literal('http'),
  url: z.string(),
  intervalMs: z.number(),
  timeoutMs: z.number(),
  successBeforePassing: z.number().optional(),
  failuresBeforeCritical: z.number().optional(),
  deregisterCriticalAfterMs: z.number().optional(),
});

/** A registered instance as the API returns it (documentation schema; timestamps in epoch milliseconds). */
export const instanceSchema = z.object({
  id: z.string(),
  service: z.string(),
  address: z.string(),
  port: z.number().int().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.string()),
  weight: z.number(),
  version: z.string().optional(),
  status: z.enum(['passing', 'warning', 'critical', 'maintenance']),
  draining: z.boolean(),
  check: z.discriminatedUnion('type', [ttlCheckSchema, httpCheckSchema]).optional(),
  registeredAt: z.number(),
  lastHeartbeatAt: z.number(),
  criticalSince: z.number().optional(),
  note: z.string().optional(),
});

/** Answer of `GET /v1/services/:service/instances`. */
export const queryResultSchema = z.object({
  index: z.number().int().describe('Registry index this answer reflects; pass it back as `index` to block'),
  instances: z.array(instanceSchema),
});

/** Answer of `GET /v1/services`. */
export const serviceListSchema = z.object({
  services: z.array(
    z.object({ service: z.string(), instances: z.number().int(), passing: z.number().int() }),
  ),
});

/** Answer of `DELETE /v1/instances/:id`. */
export const deregisterResultSchema = z.object({ id: z.string(), deregistered: z.literal(true) });

/** Answer of `GET /health`. */
export const healthSchema = z.object({ status: z.literal('ok'), index: z.number().int() });

/** The one error envelope every failure is answered with. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. VALIDATION_FAILED, INSTANCE_NOT_FOUND'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
});

/** The error envelope's TypeScript type. */
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
