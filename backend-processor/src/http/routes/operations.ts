/** Public operational endpoints: liveness, readiness and the Prometheus scrape. */
import type { FastifyInstance } from 'fastify';
import type { HubMetrics } from '../../observability/metrics';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void> | void;
}

export function operationRoutes(
  app: FastifyInstance,
  metrics: HubMetrics,
  readiness: readonly ReadinessCheck[],
): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const { name, check } of readiness) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (error) {
        ready = false;
        checks[name] = (error as Error).message;
      }
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
