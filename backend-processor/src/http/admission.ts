/**
 * Load shedding for ingest. The bytes of the ingest bodies being handled are bounded: when the
 * database is slow, requests would otherwise pile up in memory waiting for it. A request that would
 * go over the budget is answered 503 with Retry-After before its body is read — not acknowledged,
 * so the client retries it and nothing it sent is lost. One request is always admitted, however
 * large (up to the body limit), so that the budget never blocks ingest on its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const RETRY_AFTER_SECONDS = 1;

export class IngestAdmission {
  private inFlightBytes = 0;

  constructor(
    private readonly maxInFlightBytes: number,
    private readonly bodyLimitBytes: number,
  ) {}

  /** The bytes charged to a request of `contentLength` bytes, or null when it must wait. */
  admit(contentLength: number | undefined): number | null {
    // Without a length (chunked), a body may be as large as the limit.
    const bytes = Math.min(contentLength ?? this.bodyLimitBytes, this.bodyLimitBytes);
    if (this.inFlightBytes > 0 && this.inFlightBytes + bytes > this.maxInFlightBytes) return null;
    this.inFlightBytes += bytes;
    return bytes;
  }

  release(bytes: number): void {
    this.inFlightBytes -= bytes;
  }

  get bytesInFlight(): number {
    return this.inFlightBytes;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    admittedBytes?: number;
  }
}

/** Sheds the requests of `app` (the ingest routes) that go over the budget; `onShed` counts them. */
export function installAdmission(
  app: FastifyInstance,
  admission: IngestAdmission,
  onShed: (route: string) => void,
): void {
  const release = async (request: FastifyRequest) => {
    if (request.admittedBytes === undefined) return;
    admission.release(request.admittedBytes);
    request.admittedBytes = undefined;
  };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const length = request.headers['content-length'];
    const admitted = admission.admit(length === undefined ? undefined : Number(length));
    if (admitted !== null) {
      request.admittedBytes = admitted;
      return;
    }
    onShed(request.routeOptions.url ?? request.url);
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          `too much ingest in flight (${Math.round(admission.bytesInFlight / 1024)} KiB waiting for storage); ` +
          `the request was not acknowledged, retry it after ${RETRY_AFTER_SECONDS} s`,
      });
  });
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
