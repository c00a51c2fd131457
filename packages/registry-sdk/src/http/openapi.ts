/** Builds the OpenAPI 3.1 document of the REST API from the same zod schemas that validate requests. */
import { z } from 'zod';
import { registrationInputSchema } from '../core/schema.js';
import {
  deregisterResultSchema,
  errorEnvelopeSchema,
  healthSchema,
  instanceListQuerySchema,
  instanceSchema,
  maintenanceSchema,
  queryResultSchema,
  serviceListSchema,
  ttlReportSchema,
} from './schemas.js';

type JsonObject = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const ok = (name: string, description: string) => ({ description, content: json(name) });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 256 } };
const writeSecurity = [{ bearer: [] }];

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid body, query or path (VALIDATION_FAILED names the field) or invalid JSON (INVALID_JSON)',
  401: 'Missing or invalid bearer token',
  403: 'The token may not perform this call',
  404: 'No such instance (INSTANCE_NOT_FOUND) or route',
  413: 'Body larger than the server accepts',
  415: 'Body is not application/json',
  503: 'The registry store is unavailable',
};

function queryParameters(): JsonObject[] {
  const schema = jsonSchema(instanceListQuerySchema, 'input') as { properties: Record<string, JsonObject> };
  const params: JsonObject[] = Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
    ...(name === 'tag' ? { style: 'form', explode: true } : {}),
  }));
  params.push({
    name: 'meta',
    in: 'query',
    required: false,
    description: 'Metadata filters written meta.KEY=VALUE; every key listed must have exactly that value',
    style: 'deepObject',
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  });
  return params;
}

/** The OpenAPI 3.1 document served at `/openapi.json`. */
export function buildOpenApiDocument(options: { serverUrl?: string } = {}): JsonObject {
  const registerOp = (summary: string, withId: boolean) => ({
    summary,
    security: writeSecurity,
    parameters: withId ? [idParam] : [],
    requestBody: { required: true, content: json('RegistrationInput') },
    responses: { '200': ok('Instance', 'The registered instance'), ...errors(400, 401, 403, 413, 415, 503) },
  });
  const ttlOp = (result: string) => ({
    put: {
      summary: `Report TTL ${result}`,
      security: writeSecurity,
      parameters: [idParam],
      requestBody: { required: false, content: json('TtlReport') },
      responses: {
        '200': ok('Instance', 'The instance after the report'),
        ...errors(400, 401, 403, 404, 413, 503),
      },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'COMPASS service registry',
      version: '1',
      description: 'Register instances, report their health and discover them. Errors share one envelope.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths: {
      '/health': { get: { summary: 'Liveness of the registry', responses: { '200': ok('Health', 'Up') } } },
      '/v1/services': {
        get: {
          summary: 'List services with instance counts',
          responses: { '200': ok('ServiceList', 'Every service'), ...errors(401) },
        },
      },
      '/v1/services/{service}/instances': {
        get: {
          summary: "List a service's instances (blocking when `index` is given)",
          parameters: [
            { name: 'service', in: 'path', required: true, schema: { type: 'string' } },
            ...queryParameters(),
          ],
          responses: {
            '200': {
              ...ok('QueryResult', 'Matching instances and the index they reflect'),
              headers: { 'X-Registry-Index': { schema: { type: 'integer' } } },
            },
            ...errors(400, 401),
          },
        },
      },
      '/v1/instances': {
        put: registerOp('Register an instance under an id derived from service and address', false),
      },
      '/v1/instances/{id}': {
        put: registerOp('Register (or replace) the instance with this id; idempotent', true),
        get: {
          summary: 'Get one instance',
          parameters: [idParam],
          responses: { '200': ok('Instance', 'The instance'), ...errors(401, 404) },
        },
        delete: {
          summary: 'Deregister an instance',
          security: writeSecurity,
          parameters: [idParam],
          responses: { '200': ok('DeregisterResult', 'Removed'), ...errors(401, 403, 404, 503) },
        },
      },
      '/v1/instances/{id}/ttl/pass': ttlOp('pass'),
      '/v1/instances/{id}/ttl/warn': ttlOp('warn'),
      '/v1/instances/{id}/ttl/fail': ttlOp('fail'),
      '/v1/instances/{id}/maintenance': {
        put: {
          summary: 'Enter or leave maintenance',
          security: writeSecurity,
          parameters: [idParam],
          requestBody: { required: true, content: json('Maintenance') },
          responses: { '200': ok('Instance', 'The instance'), ...errors(400, 401, 403, 404, 413, 415, 503) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        RegistrationInput: jsonSchema(registrationInputSchema, 'input'),
        TtlReport: jsonSchema(ttlReportSchema, 'input'),
        Maintenance: jsonSchema(maintenanceSchema, 'input'),
        Instance: jsonSchema(instanceSchema, 'output'),
        QueryResult: jsonSchema(queryResultSchema, 'output'),
        ServiceList: jsonSchema(serviceListSchema, 'output'),
        DeregisterResult: jsonSchema(deregisterResultSchema, 'output'),
        Health: jsonSchema(healthSchema, 'output'),
        ErrorEnvelope: jsonSchema(errorEnvelopeSchema, 'output'),
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
          `Error${status}`,
          { description, content: json('ErrorEnvelope') },
        ]),
      ),
    },
  };
}
