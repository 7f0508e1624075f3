/**
 * Bearer-key authentication for every route that declares a scope in its config; routes without
 * one (/health, /ready, /metrics) are public. 401 for a missing or unknown key, 403 for a key
 * lacking the route's scope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey, ApiKeyStore, Scope } from '../auth/apiKeys';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a key needs for this route; absent for public routes. */
    scope?: Scope;
  }
  interface FastifyRequest {
    apiKey: ApiKey | null;
  }
}

export function installAuth(app: FastifyInstance, keys: ApiKeyStore, onRefused: () => void): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const apiKey = match ? await keys.verify(match[1]!) : null;
    if (apiKey === null) {
      onRefused();
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="llm-analytics-hub"')
        .send({
          statusCode: 401,
          error: 'Unauthorized',
          message: match
            ? 'the API key is unknown or revoked'
            : 'missing "Authorization: Bearer <API key>" header',
        });
    }
    if (!apiKey.scopes.includes(scope)) {
      onRefused();
      return reply.code(403).send({
        statusCode: 403,
        error: 'Forbidden',
        message: `the API key "${apiKey.name}" lacks the "${scope}" scope (it has: ${apiKey.scopes.join(', ')})`,
      });
    }
    request.apiKey = apiKey;
  });
}

/**
 * Refuses a tenant-bound key for a route whose answer spans all tenants (anomalies, correlations):
 * sends 403 and returns true; false for a key that sees every tenant.
 */
export function refuseTenantBound(request: FastifyRequest, reply: FastifyReply, what: string): boolean {
  const tenant = request.apiKey?.tenant;
  if (!tenant) return false;
  void reply.code(403).send({
    statusCode: 403,
    error: 'Forbidden',
    message: `${what} are found over all tenants together; the key is bound to tenant "${tenant}"`,
  });
  return true;
}
