/** Metric and measure: the measures offered are those of the chosen metric. */
import { Combobox, InlineField, type ComboboxOption } from '@grafana/ui';
import { MEASURES, measuresOf, METRICS, type Metric, type MetricInfo } from '@llm-hub/query-contract';
import { toOptions, withVariables } from './options';

interface Props {
  metrics: MetricInfo[];
  metric?: string;
  measure?: string;
  /** For anomalies: no metric means all of them. */
  optionalMetric?: boolean;
  onChange(changes: { metric?: string; measure?: string }): void;
  /** Hidden for anomalies, which are found on fixed measures. */
  showMeasure?: boolean;
}

const metricOptions = (metrics: MetricInfo[]): Array<ComboboxOption<string>> =>
  metrics.map((info) => ({
    value: info.name,
    label: info.name,
    description: `${info.description} (${info.unit})`,
  }));

export function MetricFields({
  metrics,
  metric,
  measure,
  optionalMetric,
  onChange,
  showMeasure = true,
}: Props) {
  const knownMetric = metric !== undefined && metric in METRICS;
  const measures = knownMetric ? measuresOf(metric as Metric) : MEASURES;
  const onMetric = (option: ComboboxOption<string> | null) => {
    const next = option?.value;
    // Keep the measure if the new metric has it; else its first (count metrics: count).
    const allowed = next && next in METRICS ? measuresOf(next as Metric) : MEASURES;
    const keep = measure && (measure.startsWith('$') || (allowed as readonly string[]).includes(measure));
    onChange({ metric: next, measure: showMeasure ? (keep ? measure : allowed[0]) : measure });
  };
  const metricProps = {
    id: 'hub-metric',
    width: 28,
    options: withVariables(metricOptions(metrics)),
    value: metric ?? null,
    createCustomValue: true,
  };
  return (
    <>
      <InlineField label="Metric" labelWidth={14} htmlFor="hub-metric" tooltip="What to aggregate">
        {optionalMetric ? (
          <Combobox {...metricProps} isClearable placeholder="all metrics" onChange={onMetric} />
        ) : (
          <Combobox {...metricProps} onChange={(option) => onMetric(option)} />
        )}
      </InlineField>
      {showMeasure && (
        <InlineField
          label="Measure"
          labelWidth={14}
          htmlFor="hub-measure"
          tooltip="How to aggregate it per window"
        >
          <Combobox
            id="hub-measure"
            width={16}
            options={withVariables(toOptions(measures))}
            value={measure ?? null}
            createCustomValue
            onChange={(option) => onChange({ metric, measure: option.value })}
          />
        </InlineField>
      )}
    </>
  );
}
