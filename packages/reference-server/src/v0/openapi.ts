/** The v0 OpenAPI 3.1 document, built from the v0 route table and served apart from ours (`/openapi.json` on the v0 listener). */
import { z } from 'zod';
import { type V0RouteSpec } from './route.js';

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

const ERROR_BODY = {
  description:
    'v0 error envelope: {error, status_code, error_code, detail?} (ServiceException), ' +
    '{error: "Validation error", detail: [{type, loc, msg}], path} (422), {detail} (HTTPException) or ' +
    '{error: "Internal server error", path}',
  content: { 'application/json': { schema: { type: 'object' } } },
};

function operation(route: V0RouteSpec): Json {
  const path = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryProps = route.query
    ? ((schemaOf(route.query, 'input').properties ?? {}) as Record<string, Json>)
    : {};
  const query = Object.entries(queryProps).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
  const body = route.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
        },
      }
    : route.multipart
      ? {
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' } },
                },
              },
            },
          },
        }
      : {};
  return {
    summary: route.summary,
    tags: ['v0'],
    parameters: [...path, ...query],
    ...body,
    responses: {
      [String(route.status)]: route.response
        ? {
            description: 'Success',
            content: { 'application/json': { schema: schemaOf(route.response, 'output') } },
          }
        : { description: 'Success' },
      default: ERROR_BODY,
    },
  };
}

/** The v0 document: every v0 route plus the WebSocket task stream (described in words: OpenAPI has no WebSockets). */
export function buildV0OpenApiDocument(routes: readonly V0RouteSpec[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  paths['/api/v1/training/tasks/{task_id}/stream'] = {
    get: {
      summary:
        'WebSocket task stream (upgrade): connected, log, resources, ping/pong, error messages as ' +
        '{type, data, timestamp}; close 1008 for an invalid, unknown or never-started task, 1000 when it finished',
      tags: ['v0'],
      parameters: [
        { name: 'task_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
      ],
      responses: { '101': { description: 'Switching Protocols' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'COMPASS reference server: v0 (FLASH-DOCK) compatibility API',
      version,
      description:
        'The v0 API spoken by FLASH-DOCK, served on its own listener (--v0-api, --v0-port). Our own API is ' +
        'documented at /openapi.json on the main port. See docs/guides/flash-dock-v0.md.',
    },
    paths,
  };
}
