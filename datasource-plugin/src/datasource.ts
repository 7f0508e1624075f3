/**
 * The datasource: runs each panel query against the processor's query API and turns the answer
 * into data frames; metadata for the editors, template variables and ad hoc filters.
 */
import {
  DataSourceApi,
  LoadingState,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type TestDataSourceResponse,
  type TimeRange,
  type DataSourceGetTagValuesOptions,
} from '@grafana/data';
import type {
  AnomalyResult,
  CorrelationGraph,
  CostProjection,
  EventSearchResult,
  Filter,
  ForecastResult,
  MetricInfo,
  TableResult,
  TimeSeriesResult,
} from '@llm-hub/query-contract';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { anomalyAnnotationFrame, anomalyTableFrame } from './frames/anomalies';
import { correlationFrames } from './frames/correlations';
import { eventsFrame } from './frames/events';
import { costProjectionFrame, forecastFrame } from './frames/forecast';
import { tableFrame, timeSeriesFrames } from './frames/timeSeries';
import { ProcessorClient } from './processorClient';
import {
  anomalyRequest,
  correlationRequest,
  costProjectionRequest,
  eventSearchRequest,
  forecastRequest,
  tableRequest,
  timeSeriesRequest,
  type RequestContext,
} from './queryRequests';
import { interpolate } from './templateVariables';
import { DEFAULT_QUERY } from './queryDefaults';
import type { HubDataSourceOptions, HubQuery } from './types';
import { DimensionVariableSupport } from './variables';

const DEFAULT_TIMEOUT_SECONDS = 30;

export class DataSource extends DataSourceApi<HubQuery, HubDataSourceOptions> {
  readonly processor: ProcessorClient;
  private readonly processorUrl?: string;
  private readonly defaultTenant?: string;

  constructor(settings: DataSourceInstanceSettings<HubDataSourceOptions>) {
    super(settings);
    this.processor = new ProcessorClient(
      settings.url ?? '',
      settings.jsonData.timeoutSeconds || DEFAULT_TIMEOUT_SECONDS,
    );
    this.processorUrl = settings.jsonData.url;
    this.defaultTenant = settings.jsonData.defaultTenant?.trim() || undefined;
    this.variables = new DimensionVariableSupport(this);
    this.annotations = {
      QueryEditor: AnnotationQueryEditor,
      getDefaultQuery: () => ({ queryType: 'anomalies', minSeverity: 'medium' }),
      // Whatever the editor kept, an annotation query asks for the annotation frame.
      prepareQuery: (annotation) =>
        annotation.target ? { ...annotation.target, queryType: 'anomalies', asAnnotations: true } : undefined,
    };
  }

  override getDefaultQuery(): Partial<HubQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: HubQuery): boolean {
    return !query.hide;
  }

  /** Each query runs on its own: one that fails shows its error without hiding the others' data. */
  async query(request: DataQueryRequest<HubQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((target) => this.filterQuery(target));
    const context: RequestContext = { request, defaultTenant: this.defaultTenant };
    const settled = await Promise.allSettled(targets.map((target) => this.run(target, context)));
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') data.push(...result.value);
      else errors.push({ refId: targets[index]!.refId, message: messageOf(result.reason) });
    });
    return { data, errors, state: errors.length > 0 ? LoadingState.Error : LoadingState.Done };
  }

  private async run(query: HubQuery, context: RequestContext): Promise<DataFrame[]> {
    const { refId } = query;
    const requestId = `${context.request.requestId}_${refId}`;
    const post = <T>(path: string, body: unknown) => this.processor.post<T>(path, body, requestId);
    switch (query.queryType ?? 'timeseries') {
      case 'timeseries': {
        const { scopedVars } = context.request;
        const alias = query.alias ? interpolate(query.alias, scopedVars) : undefined;
        const requestedWindow = query.window ? interpolate(query.window, scopedVars) : undefined;
        const body = timeSeriesRequest(query, context);
        const result = await post<TimeSeriesResult>('/api/v1/query/timeseries', body);
        return timeSeriesFrames(result, refId, { alias, requestedWindow });
      }
      case 'table': {
        const body = tableRequest(query, context);
        return [tableFrame(await post<TableResult>('/api/v1/query/table', body), refId, body.groupBy ?? [])];
      }
      case 'events':
        return [
          eventsFrame(
            await post<EventSearchResult>('/api/v1/query/events', eventSearchRequest(query, context)),
            refId,
          ),
        ];
      case 'anomalies': {
        const result = await post<AnomalyResult>('/api/v1/anomalies', anomalyRequest(query, context));
        return [
          query.asAnnotations ? anomalyAnnotationFrame(result, refId) : anomalyTableFrame(result, refId),
        ];
      }
      case 'correlations':
        return correlationFrames(
          await post<CorrelationGraph>('/api/v1/correlations', correlationRequest(query, context)),
          refId,
        );
      case 'forecast':
        return [
          forecastFrame(
            await post<ForecastResult>('/api/v1/forecast', forecastRequest(query, context)),
            refId,
          ),
        ];
      case 'cost_projection':
        return [
          costProjectionFrame(
            await post<CostProjection>('/api/v1/cost/projection', costProjectionRequest(query, context)),
            refId,
          ),
        ];
      default:
        throw new Error(`Unknown query type "${String(query.queryType)}"`);
    }
  }

  /** Reachability first (no key needed), then the key's read scope: the message says which failed. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.processorUrl) {
      return { status: 'error', message: "Set the processor's URL, e.g. http://llm-hub-processor:8080" };
    }
    try {
      await this.processor.get('/health');
    } catch (error) {
      return {
        status: 'error',
        message: `Cannot reach the processor at ${this.processorUrl}. ${messageOf(error)}`,
      };
    }
    try {
      const metrics = await this.metrics();
      return {
        status: 'success',
        message: `Connected to the processor at ${this.processorUrl}; the API key can read (${metrics.length} metrics).`,
      };
    } catch (error) {
      return {
        status: 'error',
        message: `Reached the processor, but the API key cannot read. ${messageOf(error)}`,
      };
    }
  }

  metrics(): Promise<MetricInfo[]> {
    return this.processor.get<MetricInfo[]>('/api/v1/metadata/metrics');
  }

  dimensions(): Promise<string[]> {
    return this.processor.get<string[]>('/api/v1/metadata/dimensions');
  }

  /** Values of a dimension seen in the range (all time without one), narrowed by `filters`. */
  dimensionValues(
    key: string,
    options: { prefix?: string; filters?: Filter[]; range?: TimeRange; limit?: number } = {},
  ): Promise<string[]> {
    const params: Record<string, string | number> = { limit: options.limit ?? 100 };
    if (options.prefix) params.prefix = options.prefix;
    if (options.filters?.length) params.filters = JSON.stringify(options.filters);
    if (options.range) {
      params.from = options.range.from.valueOf();
      params.to = options.range.to.valueOf();
    }
    return this.processor.get<string[]>(
      `/api/v1/metadata/dimensions/${encodeURIComponent(key)}/values`,
      params,
    );
  }

  /** Ad hoc filters: the dimensions are the keys. */
  override async getTagKeys(): Promise<MetricFindValue[]> {
    return (await this.dimensions()).map((text) => ({ text }));
  }

  /** Ad hoc filters: a key's values, narrowed by the other ad hoc filters set with `=`. */
  override async getTagValues(options: DataSourceGetTagValuesOptions<HubQuery>): Promise<MetricFindValue[]> {
    const filters: Filter[] = (options.filters ?? [])
      .filter((filter) => filter.key !== options.key && filter.operator === '=')
      .map((filter) => ({ key: filter.key, op: 'eq', value: filter.value }));
    const values = await this.dimensionValues(options.key, {
      filters,
      range: options.timeRange,
      limit: 1000,
    });
    return values.map((text) => ({ text }));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
