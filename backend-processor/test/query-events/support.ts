/** Small HTTP helpers shared by the read-API tests (events search, metadata, OpenAPI). */
import { ADMIN_KEY, postJson } from '../support/processor';

/** Creates an API key with the admin key; returns its plaintext. */
export async function createKey(
  url: string,
  scopes: string[],
  tenant: string | null = null,
): Promise<string> {
  const created = await postJson(`${url}/api/v1/keys`, {
    name: `test ${scopes.join('+')} ${tenant ?? 'all tenants'}`,
    scopes,
    ...(tenant !== null && { tenant }),
  });
  if (created.status !== 201) throw new Error(`key not created: ${JSON.stringify(created.body)}`);
  return created.body.key;
}

/** GETs with the admin key (or `key`; null: none) and returns status and parsed answer. */
export async function getJson(
  url: string,
  key: string | null = ADMIN_KEY,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Stores events through the ingest API in batches; fails the test on any rejection. */
export async function ingest(url: string, events: readonly unknown[], batch = 1_000): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const answer = await postJson(`${url}/api/v1/events`, events.slice(i, i + batch));
    if (answer.status !== 200 || answer.body.rejected !== 0)
      throw new Error(`ingest failed: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
}
