/** The test-support helpers really start PostgreSQL and Prometheus, and clean up after themselves. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import pg from 'pg';
import { Registry, Gauge } from 'prom-client';

import { createTestDatabase, requirePostgres } from './postgres';
import { startPrometheus } from './prometheus';

describe('PostgreSQL', () => {
  test('createTestDatabase makes a fresh database per call and drop() removes it', async () => {
    const adminUrl = await requirePostgres();
    const first = await createTestDatabase('support');
    const second = await createTestDatabase('support');
    expect(first.url).not.toBe(second.url);

    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    try {
      const result = await client.query<{ one: number; db: string }>(
        'select 1 as one, current_database() as db',
      );
      expect(result.rows[0]!.one).toBe(1);
      expect(first.url.endsWith(`/${result.rows[0]!.db}`)).toBe(true);
    } finally {
      await client.end();
    }

    await first.drop();
    await first.drop(); // idempotent
    await second.drop();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const names = [first.url, second.url].map((u) => new URL(u).pathname.slice(1));
      const left = await admin.query('select datname from pg_database where datname = any($1)', [names]);
      expect(left.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });

  test('a long prefix is shortened to a valid identifier', async () => {
    const database = await createTestDatabase('A very-long prefix with spaces '.repeat(4));
    const name = new URL(database.url).pathname.slice(1);
    expect(name).toMatch(/^t_[a-z0-9_]+$/);
    expect(name.length).toBeLessThanOrEqual(63);
    await database.drop();
  });
});

describe('Prometheus', () => {
  test('scrapes itself and a bearer-protected target, and answers instant queries', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'hub_support_test_value',
      help: 'fixed value for the test',
      registers: [registry],
    }).set(42);
    const authHeaders: (string | undefined)[] = [];
    const target = http.createServer((req, res) => {
      authHeaders.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer s3cret') {
        res.writeHead(401).end();
        return;
      }
      void registry.metrics().then((body) => {
        res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as AddressInfo;

    const prometheus = await startPrometheus({
      scrapeTargets: [`127.0.0.1:${port}`],
      bearerToken: 's3cret',
      scrapeSelf: true,
    });
    try {
      expect(await prometheus.waitFor('up{job="prometheus"}', (v) => v === 1, 30_000)).toBe(1);
      expect(await prometheus.waitFor('up{job="hub"}', (v) => v === 1, 30_000)).toBe(1);
      expect(await prometheus.query('hub_support_test_value')).toBe(42);
      expect(authHeaders).toContain('Bearer s3cret');
      expect(await prometheus.query('absent_metric_name_xyz')).toBeNull();
      expect(await prometheus.query('1 + 1')).toBe(2);
      await expect(prometheus.query('up')).rejects.toThrow(/2 series/);
      await expect(prometheus.query('rate(')).rejects.toThrow(/bad_data/);
    } finally {
      await prometheus.stop();
      await new Promise((resolve) => target.close(resolve));
    }
    await expect(fetch(`${prometheus.url}/-/ready`)).rejects.toThrow();
  });
});
