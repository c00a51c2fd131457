/** Builds the OpenAPI 3.1 document from the route table and the same zod schemas that validate requests. */
import { z } from 'zod';
import { ERROR_STATUS } from '../errors.js';
import { errorEnvelopeSchema } from './error-handler.js';
import { type RouteSpec } from './route.js';

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

function parameters(route: RouteSpec): Json[] {
  const path = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (!route.query) return path;
  const props = (schemaOf(route.query, 'input').properties ?? {}) as Record<string, Json>;
  return [
    ...path,
    ...Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
}

function operation(route: RouteSpec): Json {
  const status = String(route.status ?? 200);
  const success = route.response
    ? {
        description: 'Success',
        content: { 'application/json': { schema: schemaOf(route.response, 'output') } },
      }
    : { description: 'Success' };
  const errors = Object.fromEntries(
    [...new Set(Object.values(ERROR_STATUS))].map((s) => [
      String(s),
      { $ref: '#/components/responses/Error' },
    ]),
  );
  const requestBody = route.body
    ? { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } }
    : route.rawBody
      ? { required: true, content: { [route.rawBody.contentType]: { schema: { type: 'object' } } } }
      : undefined;
  return {
    summary: route.summary,
    description: `Requires a key with role ${route.role} or higher; rate class ${route.rateClass}.`,
    security: [{ bearer: [] }],
    parameters: parameters(route),
    ...(requestBody ? { requestBody } : {}),
    responses: { [status]: success, ...errors },
  };
}

const publicGet = (summary: string) => ({
  get: { summary, security: [], responses: { '200': { description: 'OK' } } },
});

/** The OpenAPI document served at `/openapi.json`. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], version: string): Json {
  const paths: Record<string, Json> = {
    '/health': publicGet('Liveness'),
    '/v2/health/live': publicGet('Liveness (KServe v2)'),
    '/v2/health/ready': publicGet(
      'Readiness: a default model is loaded and the server is not draining (503 otherwise)',
    ),
    '/metrics': publicGet('Prometheus metrics'),
  };
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'COMPASS reference server', version, description: 'Errors share one envelope.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: 'Error envelope',
          content: { 'application/json': { schema: schemaOf(errorEnvelopeSchema, 'output') } },
        },
      },
    },
  };
}

/** A small HTML page listing every operation of the document (no external assets). */
export function renderDocsPage(doc: Json): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = Object.entries(doc.paths as Record<string, Record<string, { summary?: string }>>).flatMap(
    ([p, ops]) =>
      Object.entries(ops).map(
        ([m, op]) =>
          `<tr><td><code>${m.toUpperCase()}</code></td><td><code>${esc(p)}</code></td><td>${esc(op.summary ?? '')}</td></tr>`,
      ),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>COMPASS API</title></head><body>
<h1>COMPASS reference server API</h1><p>Machine-readable document: <a href="/openapi.json">/openapi.json</a>.
Send <code>Authorization: Bearer &lt;key&gt;</code>.</p><table>${rows.join('')}</table></body></html>`;
}
