/** `/api/v1/keys`: admins create (the token is returned once), list and revoke API keys. */
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { issueKey } from '../../keys/issue-key.js';
import { apiKeySchema, keyRoleSchema } from '../../storage/records.js';
import { pageQuerySchema, pageSchema } from '../pagination.js';
import { defineRoute } from '../route.js';

/** Body of `POST /api/v1/keys`. */
export const createKeyBodySchema = z
  .object({ name: z.string().min(1).max(200), role: keyRoleSchema })
  .strict();

/** A key as the API shows it: never its hash. */
export const publicKeySchema = apiKeySchema.omit({ hash: true });

const show = ({ hash: _hash, ...rest }: z.infer<typeof apiKeySchema>) => rest;

/** The key routes. */
export const keyRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/keys',
    role: 'admin',
    rateClass: 'write',
    summary: 'Create an API key; the token is in this response only',
    body: createKeyBodySchema,
    response: publicKeySchema.extend({ token: z.string() }),
    status: 201,
    handler: async ({ body }, ctx, _req, res) => {
      const { key, token } = await issueKey(ctx.storage, body.name, body.role);
      res.status(201).json({ ...show(key), token });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/keys',
    role: 'admin',
    rateClass: 'read',
    summary: 'List API keys (without tokens or hashes)',
    query: pageQuerySchema,
    response: pageSchema(publicKeySchema),
    handler: async ({ query }, ctx, _req, res) => {
      const page = await ctx.storage.listKeys(query);
      res.json({ items: page.items.map(show), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/keys/:id',
    role: 'admin',
    rateClass: 'write',
    summary: 'Revoke an API key (idempotent)',
    response: publicKeySchema,
    handler: async ({ params }, ctx, _req, res) => {
      const key = await ctx.storage.revokeKey(params.id as string);
      if (!key) throw new NotFoundError('key', params.id as string);
      res.json(show(key));
    },
  }),
];
