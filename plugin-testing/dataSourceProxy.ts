/**
 * Grafana's data source proxy, as far as a frontend datasource sees it: a request to
 * `/api/datasources/proxy/uid/<uid>/<route path>/<rest>` goes to the route's URL plus `<rest>`, with
 * the route's headers, `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` filled in from the data
 * source's settings. The routes are read from the plugin's own plugin.json, so the tests check what
 * Grafana would do with it; an unreachable target answers 502 as Grafana's proxy does.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { proxyUrlOf, type Transport } from './grafanaServices';

interface PluginRoute {
  path: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface DataSourceInstance {
  uid: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  /** plugin.json of the datasource plugin (its `routes`). */
  pluginJsonPath: string;
}

function fillIn(template: string, instance: DataSourceInstance): string {
  return template.replace(
    /\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g,
    (_, scope: string, key: string) => {
      const value = scope === 'JsonData' ? instance.jsonData[key] : instance.secureJsonData[key];
      return value === undefined ? '' : String(value);
    },
  );
}

/** Where the proxy sends a request and with which headers; null when no route matches. */
function proxyTarget(
  instance: DataSourceInstance,
  routes: PluginRoute[],
  url: string,
): { url: string; headers: Record<string, string> } | null {
  const prefix = `${proxyUrlOf(instance.uid)}/`;
  if (!url.startsWith(prefix)) return null;
  const proxyPath = url.slice(prefix.length);
  const route = routes.find((candidate) => proxyPath.startsWith(candidate.path));
  if (!route) return null;
  const headers = Object.fromEntries((route.headers ?? []).map((h) => [h.name, fillIn(h.content, instance)]));
  return {
    url: fillIn(route.url, instance).replace(/\/$/, '') + proxyPath.slice(route.path.length),
    headers,
  };
}

/** One HTTP exchange with node's http client (jsdom test environments have no fetch). */
export function httpExchange(
  url: string,
  request: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; statusText: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: request.method ?? 'GET', headers: request.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The proxy over real HTTP to the processor, for the stand-in backendSrv and the browser harness. */
export function dataSourceProxy(instance: DataSourceInstance): Transport {
  const { routes = [] } = JSON.parse(readFileSync(instance.pluginJsonPath, 'utf8')) as {
    routes?: PluginRoute[];
  };
  return async (request) => {
    const target = proxyTarget(instance, routes, request.url);
    if (!target)
      return { status: 404, statusText: 'Not Found', body: JSON.stringify({ message: 'no route matches' }) };
    try {
      return await httpExchange(target.url, {
        ...request,
        headers: { ...request.headers, ...target.headers },
      });
    } catch {
      return { status: 502, statusText: 'Bad Gateway', body: JSON.stringify({ message: 'Bad Gateway' }) };
    }
  };
}
