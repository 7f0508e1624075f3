/** Admin endpoints for API keys: create (the plaintext is shown once), list, revoke; each change audited. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { SCOPES, type ApiKeyStore } from '../../auth/apiKeys';
import { appendAudit } from '../../storage/auditLog';
import type { Queryable } from '../../storage/database';

export const CreateKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(Type.Union(SCOPES.map((scope) => Type.Literal(scope))), {
      minItems: 1,
      uniqueItems: true,
    }),
    tenant: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    rateLimitPerMinute: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        description:
          "the key's own requests a minute (0 unlimited); absent: the default HUB_RATE_LIMIT_PER_MINUTE",
      }),
    ),
  },
  { additionalProperties: false },
);

export function keyRoutes(app: FastifyInstance, keys: ApiKeyStore, db: Queryable): void {
  app.post<{ Body: Static<typeof CreateKeyBody> }>(
    '/api/v1/keys',
    { config: { scope: 'admin' }, schema: { body: CreateKeyBody } },
    async (request, reply) => {
      const { name, scopes, tenant, rateLimitPerMinute } = request.body;
      const created = await keys.create(name, scopes, tenant ?? null, rateLimitPerMinute ?? null);
      await appendAudit(db, {
        actor: request.apiKey,
        action: 'key.create',
        target: created.apiKey.id,
        details: { name, scopes, tenant: tenant ?? null, rateLimitPerMinute: rateLimitPerMinute ?? null },
      });
      return reply.code(201).send({ ...created.apiKey, key: created.key });
    },
  );

  app.get('/api/v1/keys', { config: { scope: 'admin' } }, async () => ({ keys: await keys.list() }));

  app.delete<{ Params: { id: string } }>(
    '/api/v1/keys/:id',
    { config: { scope: 'admin' } },
    async (request, reply) => {
      const revoked = await keys.revoke(request.params.id);
      if (!revoked)
        return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such active key' });
      await appendAudit(db, {
        actor: request.apiKey,
        action: 'key.revoke',
        target: request.params.id,
        details: {},
      });
      return reply.code(204).send();
    },
  );
}
