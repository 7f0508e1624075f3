/**
 * `GET /api/v1/openapi.json`: a structurally valid OpenAPI 3.1 document (no OpenAPI validator is
 * installed, so its rules are checked here: every $ref resolves, every schema compiles as JSON
 * Schema 2020-12, operations are complete), covering exactly the routes the server registers, and
 * describing what the server actually answers.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { postJson, useDatabaseProcessor } from '../support/processor';
import { createKey, getJson } from '../query-events/support';

const fixture = useDatabaseProcessor('openapi');

let doc: any;
beforeAll(async () => {
  const answer = await getJson(`${fixture.hub.url}/api/v1/openapi.json`, null);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  doc = answer.body;
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(): Array<{ method: string; path: string; op: any }> {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** Every value under `node` with its JSON Pointer. */
function* walk(node: unknown, pointer = ''): Generator<[string, unknown]> {
  yield [pointer, node];
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      yield* walk(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    }
  }
}

function resolve(pointer: string): unknown {
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<any>((node, part) => (node === undefined ? undefined : node[part]), doc);
}

/** Ajv for OpenAPI 3.1's dialect: JSON Schema 2020-12 plus the OpenAPI keywords. */
function schemaCompiler() {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const retarget = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/'));
  ajv.addSchema({ $id: 'components', $defs: retarget(doc.components.schemas) });
  return (schema: unknown) => ajv.compile(retarget(schema));
}

test('is an OpenAPI 3.1 document with info, paths, components and bearer security', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info).toEqual(
    expect.objectContaining({ title: expect.any(String), version: expect.any(String) }),
  );
  expect(doc.components.securitySchemes.bearerAuth).toEqual(
    expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  );
  // OpenAPI's own rules the JSON Schema of the document would check.
  for (const { method, path, op } of operations()) {
    const where = `${method} ${path}`;
    expect({ where, responses: Object.keys(op.responses ?? {}).length > 0 }).toEqual({
      where,
      responses: true,
    });
    for (const [status, response] of Object.entries<any>(op.responses)) {
      expect({ where, status, description: typeof response.description }).toEqual({
        where,
        status,
        description: 'string',
      });
    }
    for (const requirement of op.security ?? []) {
      for (const scheme of Object.keys(requirement))
        expect(doc.components.securitySchemes[scheme]).toBeDefined();
    }
    const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    expect({ where, path: declared.sort() }).toEqual({ where, path: templated.sort() });
    for (const parameter of op.parameters ?? []) {
      // A parameter has exactly one of schema and content (with one media type).
      expect({ where, name: parameter.name, one: 'schema' in parameter !== 'content' in parameter }).toEqual({
        where,
        name: parameter.name,
        one: true,
      });
      if (parameter.in === 'path') expect(parameter.required).toBe(true);
    }
  }
  const ids = operations().map(({ op }) => op.operationId);
  expect(new Set(ids).size).toBe(ids.length);
});

test('every $ref resolves and every schema compiles as JSON Schema 2020-12', () => {
  const refs = [...walk(doc)].filter(([pointer]) => pointer.endsWith('/$ref'));
  expect(refs.length).toBeGreaterThan(10);
  for (const [pointer, ref] of refs) {
    expect({
      pointer,
      ref,
      resolved: typeof ref === 'string' && ref.startsWith('#/') && resolve(ref.slice(1)) !== undefined,
    }).toEqual({
      pointer,
      ref,
      resolved: true,
    });
  }
  const compile = schemaCompiler();
  for (const name of Object.keys(doc.components.schemas)) compile({ $ref: `#/components/schemas/${name}` });
  const inline = [...walk(doc.paths)].filter(([pointer]) => pointer.endsWith('/schema'));
  expect(inline.length).toBeGreaterThan(20);
  for (const [, schema] of inline) compile(schema);
  // The components of the brief are all there.
  for (const name of [
    'TimeSeriesQuery',
    'TableResult',
    'EventSearchResult',
    'ApiError',
    'NestedEvent',
    'IngestAnswer',
  ]) {
    expect(doc.components.schemas[name]).toBeDefined();
  }
});

/** The routes the server registered, as `METHOD /path` with OpenAPI's `{param}`, HEAD left out. */
function registeredRoutes(): string[] {
  const tree: string = fixture.hub.processor.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

test('documents exactly the routes the server registers', () => {
  const registered = registeredRoutes();
  expect(registered).toContain('DELETE /api/v1/keys/{id}');
  expect(registered).toContain('POST /v1/traces');
  const documented = operations()
    .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
    .sort();
  expect(documented).toEqual(registered);
});

test('the routes answer what the document says', async () => {
  const compile = schemaCompiler();
  const check = (method: string, path: string, status: number, body: unknown) => {
    const response = doc.paths[path][method].responses[status];
    expect({ method, path, status, documented: response !== undefined }).toEqual({
      method,
      path,
      status,
      documented: true,
    });
    const validate = compile(response.content['application/json'].schema);
    expect({ method, path, status, errors: validate(body) ? null : validate.errors }).toEqual({
      method,
      path,
      status,
      errors: null,
    });
  };
  const base = fixture.hub.url;
  const now = Date.now();

  const ingested = await postJson(`${base}/api/v1/events`, [
    {
      common: {
        event_id: 'oa-1',
        timestamp: new Date(now - 60_000).toISOString(),
        source_module: 'llm-observatory',
        event_type: 'telemetry',
        tags: { tenant_id: 'acme', region: 'eu' },
      },
      payload: { type: 'latency', model_id: 'gpt-4o', total_latency_ms: 120 },
    },
    { nonsense: true },
  ]);
  check('post', '/api/v1/events', ingested.status, ingested.body);
  const none = await postJson(`${base}/v1/llm/request`, [{ request_id: 'x' }]);
  check('post', '/v1/llm/request', none.status, none.body);
  expect(none.status).toBe(422);

  const range = { from: now - 3_600_000, to: now };
  const events = await postJson(`${base}/api/v1/query/events`, { ...range, limit: 1 });
  check('post', '/api/v1/query/events', 200, events.body);
  expect(events.body.events).toHaveLength(1);
  const invalid = await postJson(`${base}/api/v1/query/events`, { ...range, limit: 0 });
  check('post', '/api/v1/query/events', 400, invalid.body);
  const unauthorized = await postJson(`${base}/api/v1/query/events`, range, null);
  check('post', '/api/v1/query/events', 401, unauthorized.body);

  check('get', '/api/v1/metadata/metrics', 200, (await getJson(`${base}/api/v1/metadata/metrics`)).body);
  check(
    'get',
    '/api/v1/metadata/dimensions',
    200,
    (await getJson(`${base}/api/v1/metadata/dimensions`)).body,
  );
  const modelValues = await getJson(`${base}/api/v1/metadata/dimensions/model/values`);
  expect(modelValues.body).toEqual(['gpt-4o']);
  check('get', '/api/v1/metadata/dimensions/{key}/values', 200, modelValues.body);

  const created = await postJson(`${base}/api/v1/keys`, { name: 'doc', scopes: ['read'], tenant: 'acme' });
  check('post', '/api/v1/keys', 201, created.body);
  check('get', '/api/v1/keys', 200, (await getJson(`${base}/api/v1/keys`)).body);
  const readOnly = await createKey(base, ['read']);
  const forbidden = await getJson(`${base}/api/v1/keys`, readOnly);
  check('get', '/api/v1/keys', 403, forbidden.body);

  check('get', '/health', 200, (await getJson(`${base}/health`, null)).body);
  check('get', '/ready', 200, (await getJson(`${base}/ready`, null)).body);
});
