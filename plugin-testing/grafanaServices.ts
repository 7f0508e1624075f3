/**
 * Stand-ins for the two Grafana services a datasource calls, since Grafana itself cannot run here:
 * `backendSrv.fetch` (requests through Grafana's server) and `templateSrv.replace` (variables).
 * They follow Grafana's observable behaviour: the response and error shapes of backendSrv
 * (`isFetchError`), and templateSrv's variable syntaxes, formats and multi-value/All handling.
 * Everything past them (the processor, HTTP, the data) is real.
 */
import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse, TemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

/** One HTTP exchange: how the stand-in reaches Grafana's server (or what plays its data source proxy). */
export type Transport = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<{ status: number; statusText: string; body: string }>;

/** Where Grafana's data source proxy serves the data source `uid`. */
export const proxyUrlOf = (uid: string) => `/api/datasources/proxy/uid/${uid}`;

/** The browser's (or Node's) fetch as a Transport: in the harness page, to its same-origin proxy. */
export const fetchTransport: Transport = async ({ method, url, headers, body }) => {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, statusText: response.statusText, body: await response.text() };
};

function withParams(url: string, params: Record<string, unknown> | undefined): string {
  const entries = Object.entries(params ?? {}).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return url;
  const query = new URLSearchParams(entries.map(([key, value]) => [key, String(value)]));
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** backendSrv.fetch over `transport`: JSON in and out, non-2xx answers as FetchError. */
export function createBackendSrv(transport: Transport): BackendSrv {
  const fetch = <T>(config: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const method = config.method ?? 'GET';
      const body = config.data === undefined ? undefined : JSON.stringify(config.data);
      transport({
        method,
        url: withParams(config.url, config.params),
        headers: { ...config.headers },
        body,
      }).then(
        (answer) => {
          const data = parse(answer.body);
          if (answer.status >= 200 && answer.status < 300) {
            subscriber.next({
              data: data as T,
              status: answer.status,
              statusText: answer.statusText,
              ok: true,
              headers: new Headers(),
              redirected: false,
              type: 'basic',
              url: config.url,
              config,
            });
            subscriber.complete();
          } else {
            const error: FetchError = { status: answer.status, statusText: answer.statusText, data, config };
            subscriber.error(error);
          }
        },
        (failure: Error) => subscriber.error({ status: -1, statusText: failure.message, data: {}, config }),
      );
    });
  const unsupported = () => {
    throw new Error('the test stand-in of backendSrv offers fetch() only (what the datasource uses)');
  };
  return {
    fetch,
    get: unsupported,
    delete: unsupported,
    post: unsupported,
    patch: unsupported,
    put: unsupported,
    request: unsupported,
    datasourceRequest: unsupported,
    chunked: unsupported,
  } as BackendSrv;
}

/** A dashboard variable as the stand-in needs it: its options and what is selected. */
export interface TestVariable {
  name: string;
  /** Selected value(s); `$__all` for "All". */
  current: string | string[];
  options: string[];
  /** A custom "All" value (e.g. `.*`); without one, All stands for every option. */
  allValue?: string;
}

type Format = string | ((value: unknown, variable?: unknown) => string);

const escapeRegex = (value: string) => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

/** Grafana's built-in formats the datasource and tests use. */
function applyFormat(value: string | string[], format: Format | undefined, variable: unknown): string {
  if (typeof format === 'function') return format(value, variable);
  const values = Array.isArray(value) ? value : [value];
  switch (format) {
    case 'regex':
      return values.length === 1 ? escapeRegex(values[0]!) : `(${values.map(escapeRegex).join('|')})`;
    case 'pipe':
      return values.join('|');
    case 'csv':
    case undefined:
    case 'glob':
      return values.length === 1
        ? values[0]!
        : format === 'glob'
          ? `{${values.join(',')}}`
          : values.join(',');
    default:
      throw new Error(`the template stand-in does not know the format "${format}"`);
  }
}

// $name, ${name}, ${name:format}, [[name]] — Grafana's variable syntaxes.
const VARIABLE = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g;

/** templateSrv.replace and getVariables over fixed variables. */
export function createTemplateSrv(variables: TestVariable[]): TemplateSrv {
  const byName = new Map(variables.map((variable) => [variable.name, variable]));
  const valueOf = (variable: TestVariable): string | string[] => {
    const selected = variable.current;
    const isAll = selected === '$__all' || (Array.isArray(selected) && selected.includes('$__all'));
    if (!isAll) return selected;
    return variable.allValue ?? variable.options;
  };
  return {
    getVariables: () =>
      variables.map((variable) => ({ name: variable.name, type: 'custom' }) as unknown as TypedVariableModel),
    replace(target?: string, scopedVars?: ScopedVars, format?: Format): string {
      if (!target) return target ?? '';
      return target.replace(VARIABLE, (match, plain, braced, braceFormat, legacy) => {
        const name: string = plain ?? braced ?? legacy;
        const scoped = scopedVars?.[name];
        if (scoped) return applyFormat(String(scoped.value), format ?? braceFormat, undefined);
        const variable = byName.get(name);
        if (!variable) return match;
        const value = valueOf(variable);
        // A custom All value is used as it is, whatever the format (Grafana does the same).
        if (variable.allValue !== undefined && value === variable.allValue) return value;
        return applyFormat(value, braceFormat ?? format, variable);
      });
    },
    containsTemplate: (target?: string) => Boolean(target && [...target.matchAll(VARIABLE)].length > 0),
    updateTimeRange: () => undefined,
  } as TemplateSrv;
}
