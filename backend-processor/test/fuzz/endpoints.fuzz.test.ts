/**
 * 10,000 generated malformed requests across every documented endpoint of a processor on
 * PostgreSQL: wrong types, broken JSON, random bytes, lying content types and encodings, junk
 * parameters, missing or wrong keys. None may get a 5xx or take the process down, every refusal
 * says why (a JSON message), and memory stays flat.
 */
import fc from 'fast-check';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { ADMIN_KEY, useDatabaseProcessor } from '../support/processor';
import { COMMON, PAYLOADS, nested } from '../events/fixtures';

const fixture = useDatabaseProcessor('fuzz_endpoints');

/** Heap in use after a full garbage collection (the processor runs in this process). */
function liveHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
const REQUESTS = 10_000;
const CONCURRENCY = 8;

interface Endpoint {
  method: string;
  path: string;
}

const validEvent = nested('latency', PAYLOADS.latency, { ...COMMON, timestamp: new Date().toISOString() });

/** Bodies that are wrong in every way a client gets them wrong. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 200 }),
  // A valid body cut short, or with one character changed.
  fc.nat({ max: 400 }).map((n) => JSON.stringify([validEvent]).slice(0, n)),
  fc.tuple(fc.nat({ max: 400 }), fc.string({ minLength: 1, maxLength: 1 })).map(([n, c]) => {
    const text = JSON.stringify(validEvent);
    return text.slice(0, n) + c + text.slice(n + 1);
  }),
  // Deep nesting, long arrays, huge and odd numbers.
  fc.nat({ max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom('1e999', '-0', 'NaN', '[1e308, -1e308]', '{"from": 1e20, "to": -1}', 'null', '""'),
  fc
    .array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 30 })
    .map((lines) => lines.map((l) => JSON.stringify(l)).join('\n')),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/x-ndjson',
  'application/x-protobuf',
  'text/plain',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
  undefined,
);

const authorization = fc.constantFrom(
  `Bearer ${ADMIN_KEY}`,
  `Bearer ${ADMIN_KEY}`,
  'Bearer nope',
  'Basic YTpi',
  '',
  undefined,
);

function requestOf(endpoints: Endpoint[]) {
  return fc.record({
    endpoint: fc.constantFrom(...endpoints),
    method: fc.oneof(
      { weight: 5, arbitrary: fc.constant(null) },
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
    ),
    pathParam: fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('model', '..%2F..', '%00', 'tag.x', '9'.repeat(40)),
    ),
    query: fc.dictionary(
      fc.constantFrom('from', 'to', 'limit', 'filters', 'x', 'search'),
      fc.string({ maxLength: 40 }),
      { maxKeys: 3 },
    ),
    body,
    contentType,
    gzip: fc.oneof(
      { weight: 4, arbitrary: fc.constant('none' as const) },
      fc.constantFrom('valid' as const, 'lying' as const),
    ),
    authorization,
  });
}

/** A refusal says why: a message, or (ingest) the reason of each refused item. */
function explained(answer: { text: string; contentType: string }): boolean {
  if (!answer.contentType.includes('json')) return false;
  const body = JSON.parse(answer.text) as { message?: unknown; errors?: Array<{ reason?: unknown }> };
  if (typeof body.message === 'string' && body.message.length > 0) return true;
  return (
    Array.isArray(body.errors) &&
    body.errors.length > 0 &&
    body.errors.every((e) => typeof e.reason === 'string')
  );
}

async function send(request: ReturnType<typeof requestOf> extends fc.Arbitrary<infer R> ? R : never) {
  const method = request.method ?? request.endpoint.method.toUpperCase();
  const path = request.endpoint.path.replace(/\{[^}]+\}/g, encodeURIComponent(request.pathParam) || 'x');
  const url = `${fixture.hub.url}${path}?${new URLSearchParams(request.query)}`;
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (request.authorization !== undefined) headers.authorization = request.authorization;
  let payload: Buffer | string | undefined =
    method === 'GET' || method === 'DELETE' ? undefined : request.body;
  if (payload !== undefined && request.gzip !== 'none') {
    headers['content-encoding'] = 'gzip';
    if (request.gzip === 'valid') payload = gzipSync(payload);
  }
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  return {
    method,
    path,
    status: response.status,
    text,
    contentType: response.headers.get('content-type') ?? '',
  };
}

test(`${REQUESTS.toLocaleString('en')} malformed requests: no 5xx, every refusal explained, memory flat`, async () => {
  const document = (await (await fetch(`${fixture.hub.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const endpoints: Endpoint[] = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method, path })),
  );
  expect(endpoints.length).toBeGreaterThanOrEqual(20);
  const requests = fc.sample(requestOf(endpoints), { numRuns: REQUESTS, seed: 20_261_123 });
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  const hit = new Set<string>();
  const heap: number[] = [];
  for (let i = 0; i < requests.length; i += CONCURRENCY) {
    const answers = await Promise.all(requests.slice(i, i + CONCURRENCY).map(send));
    for (const answer of answers) {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      hit.add(answer.path.replace(/\/[^/]*$/, ''));
      if (answer.status >= 500)
        problems.push(`${answer.method} ${answer.path}: ${answer.status} ${answer.text.slice(0, 200)}`);
      else if (answer.status >= 400 && !explained(answer)) {
        problems.push(
          `${answer.method} ${answer.path}: ${answer.status} without a reason: ${answer.text.slice(0, 200)}`,
        );
      }
    }
    // The live heap after the warm-up, half way, and at the end: a leak grows it in both halves alike.
    if (i === 2_000 || i === 6_000) heap.push(liveHeap());
  }
  heap.push(liveHeap());
  const [firstHalfMb, secondHalfMb] = [heap[1]! - heap[0]!, heap[2]! - heap[1]!].map(
    (bytes) => bytes / 2 ** 20,
  );
  console.log(
    `${REQUESTS} requests over ${endpoints.length} endpoints; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; live heap growth over requests 2k–6k ${firstHalfMb!.toFixed(1)} MB, 6k–10k ${secondHalfMb!.toFixed(1)} MB`,
  );
  expect(problems.slice(0, 10)).toEqual([]);
  // Some requests got through (the generator is not all noise) and most were refused.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  // Flat once warm: the last 4,000 requests add little (a leak would add as much as the 4,000 before).
  expect(secondHalfMb).toBeLessThan(8);
  expect((await fetch(`${fixture.hub.url}/health`)).status).toBe(200);
}, 300_000);
