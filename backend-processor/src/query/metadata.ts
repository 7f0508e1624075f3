/** The vocabulary editors and template variables offer: metrics with their measures, and dimension keys. */
import { DIMENSIONS, METRIC_NAMES, METRICS, measuresOf, type MetricInfo } from '@llm-hub/query-contract';

export function metricInfos(): MetricInfo[] {
  return METRIC_NAMES.map((name) => ({
    name,
    unit: METRICS[name].unit,
    description: METRICS[name].description,
    measures: [...measuresOf(name)],
  }));
}

/** Every key aggregates can filter and group by: the dimensions, then the declared rollup tags. */
export function dimensionKeys(rollupTags: readonly string[]): string[] {
  return [...DIMENSIONS, ...rollupTags.map((tag) => `tag.${tag}`)];
}
