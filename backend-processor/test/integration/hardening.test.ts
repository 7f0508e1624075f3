/**
 * The processor on a network: HTTPS with the configured certificate, security headers, CORS for the
 * configured origins only, and a request budget per API key (429 past it, other keys unaffected,
 * probes never limited).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { ADMIN_KEY, startTestProcessor, type TestProcessor } from '../support/processor';

const LIMIT = 20;
const GRAFANA = 'https://grafana.example.com';
let dir: string;
let cert: Buffer;
let database: TestDatabase;
let hub: TestProcessor;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hub-tls-'));
  // A self-signed certificate for 127.0.0.1, which the test's client trusts.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(path.join(dir, 'cert.pem'));
  database = await createTestDatabase('hardening');
  hub = await startTestProcessor({
    DATABASE_URL: database.url,
    HUB_TLS_CERT_FILE: path.join(dir, 'cert.pem'),
    HUB_TLS_KEY_FILE: path.join(dir, 'key.pem'),
    HUB_CORS_ORIGINS: GRAFANA,
    HUB_RATE_LIMIT_PER_MINUTE: String(LIMIT),
    HUB_ANOMALY_DETECTION: 'off',
  });
});

afterAll(async () => {
  await hub?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A request over HTTPS, trusting only the test's certificate. */
function request(method: string, url: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: any }>((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: cert }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: text ? JSON.parse(text) : null,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

test('the processor speaks HTTPS with the configured certificate, with security headers', async () => {
  expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const answer = await request('GET', `${hub.url}/health`);
  expect(answer.status).toBe(200);
  expect(answer.headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'strict-transport-security': expect.stringMatching(/max-age=\d+/),
  });
});

test('CORS answers the configured origin only', async () => {
  const preflight = (origin: string) =>
    request('OPTIONS', `${hub.url}/api/v1/query/timeseries`, {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
  const allowed = await preflight(GRAFANA);
  expect(allowed.status).toBe(204);
  expect(allowed.headers['access-control-allow-origin']).toBe(GRAFANA);
  expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/authorization/);
  const other = await preflight('https://evil.example.com');
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
});

test('each API key has its own budget of requests a minute; past it 429 with Retry-After; probes are never limited', async () => {
  const create = async (name: string) =>
    (
      await request(
        'POST',
        `${hub.url}/api/v1/keys`,
        { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
        JSON.stringify({ name, scopes: ['read'] }),
      )
    ).body.key as string;
  const first = await create('reader one');
  const second = await create('reader two');
  const metrics = (key: string) => request('GET', `${hub.url}/api/v1/metadata/metrics`, bearer(key));
  for (let i = 0; i < LIMIT; i++) expect((await metrics(first)).status).toBe(200);
  const refused = await metrics(first);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.body.message).toMatch(new RegExp(`may make ${LIMIT} requests a minute .* retry in \\d+ s`));
  expect((await metrics(second)).status).toBe(200);
  for (let i = 0; i < LIMIT + 5; i++) expect((await request('GET', `${hub.url}/health`)).status).toBe(200);
});

test('a key created with its own limit is held to it instead of the default; 0 is unlimited', async () => {
  const create = async (name: string, rateLimitPerMinute: number) => {
    const created = await request(
      'POST',
      `${hub.url}/api/v1/keys`,
      { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
      JSON.stringify({ name, scopes: ['read'], rateLimitPerMinute }),
    );
    expect(created.status).toBe(201);
    expect(created.body.rateLimitPerMinute).toBe(rateLimitPerMinute);
    return created.body.key as string;
  };
  const strict = await create('strict reader', 2);
  const unlimited = await create('dashboard reader', 0);
  const metrics = (key: string) => request('GET', `${hub.url}/api/v1/metadata/metrics`, bearer(key));
  for (let i = 0; i < 2; i++) expect((await metrics(strict)).status).toBe(200);
  const refused = await metrics(strict);
  expect(refused.status).toBe(429);
  expect(refused.body.message).toMatch(/may make 2 requests a minute/);
  for (let i = 0; i < LIMIT + 3; i++) expect((await metrics(unlimited)).status).toBe(200);

  const listed = await request('GET', `${hub.url}/api/v1/keys`, bearer(ADMIN_KEY));
  const byName = new Map(listed.body.keys.map((key: { name: string }) => [key.name, key]));
  expect(byName.get('strict reader')).toMatchObject({ rateLimitPerMinute: 2 });
  expect(byName.get('reader one')).toMatchObject({ rateLimitPerMinute: null });
});
