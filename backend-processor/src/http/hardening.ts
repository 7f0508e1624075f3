/**
 * What a server on a network owes its neighbours: security headers on every answer (helmet), CORS
 * only for the origins configured, and a request budget per API key (each key its own bucket, its
 * own limit when it was created with one, else HUB_RATE_LIMIT_PER_MINUTE; 429 with Retry-After past it). Public routes (/health, /ready, /metrics) are not rate limited: probes
 * and scrapes must keep working when a client misbehaves.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface HardeningOptions {
  /** Origins allowed to call the API from a browser (HUB_CORS_ORIGINS); none: no CORS headers. */
  corsOrigins: readonly string[];
  /** Requests per minute per API key without a limit of its own (HUB_RATE_LIMIT_PER_MINUTE); 0: no limit. */
  rateLimitPerMinute: number;
}

/** Registers the plugins; call after the authentication hook, so that the key is known. */
export async function installHardening(app: FastifyInstance, options: HardeningOptions): Promise<void> {
  await app.register(helmet, { global: true });
  if (options.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'content-encoding'],
      maxAge: 600,
    });
  }
  // A key's own limit, else the default; requests without a key (refused by authentication anyway)
  // share the default per address.
  const limitOf = (request: FastifyRequest) =>
    request.apiKey?.rateLimitPerMinute ?? options.rateLimitPerMinute;
  await app.register(rateLimit, {
    global: true,
    max: (request) => limitOf(request),
    timeWindow: 60_000,
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
    allowList: (request) => request.routeOptions.config.scope === undefined || limitOf(request) === 0,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `this API key may make ${context.max} requests a minute (its own limit, or HUB_RATE_LIMIT_PER_MINUTE); retry in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
}
