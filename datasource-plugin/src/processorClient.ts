/**
 * Requests to the processor through Grafana's data source proxy: the `processor` route of
 * plugin.json adds the API key on Grafana's server, so the browser never holds it.
 */
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';

/** The route's path in plugin.json. */
export const PROXY_ROUTE = 'processor';

/** A failed request, with a message for a person reading the panel. */
export class ProcessorError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProcessorError';
  }
}

export class ProcessorClient {
  private readonly baseUrl: string;

  /** `instanceUrl`: the data source's proxy URL Grafana gives the plugin. */
  constructor(
    instanceUrl: string,
    private readonly timeoutSeconds: number,
  ) {
    this.baseUrl = `${instanceUrl}/${PROXY_ROUTE}`;
  }

  get<T>(path: string, params?: Record<string, string | number>, requestId?: string): Promise<T> {
    return this.request<T>({ method: 'GET', url: path, params, requestId });
  }

  post<T>(path: string, body: unknown, requestId?: string): Promise<T> {
    return this.request<T>({ method: 'POST', url: path, data: body, requestId });
  }

  private async request<T>(options: {
    method: 'GET' | 'POST';
    url: string;
    params?: Record<string, string | number>;
    data?: unknown;
    requestId?: string;
  }): Promise<T> {
    const response = getBackendSrv().fetch<T>({
      ...options,
      url: `${this.baseUrl}${options.url}`,
      headers: options.data === undefined ? undefined : { 'Content-Type': 'application/json' },
      // The panel shows the error itself; Grafana's toast would say the same thing twice.
      showErrorAlert: false,
    });
    try {
      const { data } = await lastValueFrom(response.pipe(timeout({ first: this.timeoutSeconds * 1000 })));
      return data;
    } catch (error) {
      throw new ProcessorError(describeFailure(error, options.url, this.timeoutSeconds), statusOf(error));
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return isFetchError(error) ? error.status : undefined;
}

/** The processor's own message (`{statusCode, error, message}`), when the answer is one of its errors. */
function processorMessage(data: unknown): string | undefined {
  if (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { message?: unknown }).message === 'string'
  ) {
    return (data as { message: string }).message;
  }
  return undefined;
}

/** Says what went wrong and what to do about it, in the words of someone using Grafana. */
export function describeFailure(error: unknown, path: string, timeoutSeconds: number): string {
  if (error instanceof TimeoutError) {
    return `The processor did not answer within ${timeoutSeconds} s (${path}); narrow the time range or raise the timeout in the data source settings`;
  }
  if (!isFetchError(error)) return `Request to the processor failed (${path}): ${String(error)}`;
  const said = processorMessage(error.data);
  switch (error.status) {
    case 400:
      return `The processor rejected the query: ${said ?? error.statusText}`;
    case 401:
      return `The processor refused the API key: ${said ?? 'unauthorized'}. Check the key in the data source settings`;
    case 403:
      return `The API key may not do this: ${said ?? 'forbidden'}`;
    case 404:
      return `The processor has no ${path}: is the data source URL the processor's base URL, and the processor up to date?`;
    case 502:
      return `Grafana could not reach the processor (502 Bad Gateway): check the URL in the data source settings and that the processor runs`;
    case 503:
      return `The processor is not ready (503): ${said ?? 'its database may be unreachable'}`;
    case 504:
      return `The processor did not answer in time (504 Gateway Timeout) for ${path}`;
    default:
      if (error.status === undefined || error.status <= 0) {
        return `Could not reach Grafana's data source proxy for ${path}: ${error.statusText || 'network error'}`;
      }
      return `The processor answered ${error.status} for ${path}: ${said ?? error.statusText}`;
  }
}
