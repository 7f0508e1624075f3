/** Serves a built harness page and plays Grafana's data source proxy for it (see dataSourceProxy.ts). */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { dataSourceProxy, type DataSourceInstance } from '../dataSourceProxy';
import { proxyUrlOf } from '../grafanaServices';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
};

const ICONS_URL = '/public/build/img/';
const GRAFANA_UI_IMAGES = join(dirname(require.resolve('@grafana/ui/package.json')), 'dist', 'public', 'img');
/** Grafana's app loads uPlot's stylesheet for every page; the harness page links it from here. */
export const UPLOT_CSS_URL = '/public/build/uPlot.min.css';
const UPLOT_CSS = join(dirname(require.resolve('uplot/package.json')), 'dist', 'uPlot.min.css');

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/** Without `instance`, no proxy: for pages that ask no processor (the benchmarks). */
export async function serveHarness(dir: string, instance?: DataSourceInstance): Promise<HarnessServer> {
  const proxy = instance && dataSourceProxy(instance);
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (proxy && url.startsWith(proxyUrlOf(instance.uid))) {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
        const type = request.headers['content-type'];
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        void proxy({ method: request.method ?? 'GET', url, headers, body }).then((answer) => {
          response.writeHead(answer.status, answer.statusText, { 'content-type': 'application/json' });
          response.end(answer.body);
        });
      });
      return;
    }
    const path = normalize(url.split('?')[0] === '/' ? '/index.html' : url.split('?')[0]!);
    // Grafana serves its icons under public/build/img; @grafana/ui ships them.
    const file =
      path === UPLOT_CSS_URL
        ? UPLOT_CSS
        : path.startsWith(ICONS_URL)
          ? join(GRAFANA_UI_IMAGES, path.slice(ICONS_URL.length))
          : join(dir, path);
    readFile(file).then(
      (content) => {
        response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        response.end(content);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
