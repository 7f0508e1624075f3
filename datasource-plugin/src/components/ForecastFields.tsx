/** Forecast: metric and measure per hour, how far ahead, filters; cost projection: budget and filters. */
import { InlineField, InlineFieldRow } from '@grafana/ui';
import { CommittedInput, positiveInteger } from './CommittedInput';
import type { QueryFieldsProps } from './fieldProps';
import { QueryFilters } from './sharedFields';
import { MetricFields } from './MetricFields';

export function ForecastFields(props: QueryFieldsProps) {
  const { query, metadata, onChange } = props;
  const isProjection = query.queryType === 'cost_projection';
  return (
    <>
      <InlineFieldRow>
        {isProjection ? (
          <InlineField
            label="Budget (USD)"
            labelWidth={14}
            htmlFor="hub-budget"
            tooltip="Monthly budget; empty: the processor's HUB_MONTHLY_BUDGET_USD"
          >
            <CommittedInput
              id="hub-budget"
              type="number"
              width={14}
              value={query.budgetUsd}
              onCommit={(text) => onChange({ budgetUsd: Number(text) > 0 ? Number(text) : undefined })}
            />
          </InlineField>
        ) : (
          <>
            <MetricFields
              metrics={metadata.metrics}
              metric={query.metric}
              measure={query.measure}
              onChange={onChange}
            />
            <InlineField label="Hours ahead" labelWidth={12} htmlFor="hub-horizon" tooltip="1 to 840">
              <CommittedInput
                id="hub-horizon"
                type="number"
                width={8}
                value={query.horizonHours}
                placeholder="24"
                onCommit={(text) => onChange({ horizonHours: positiveInteger(text) })}
              />
            </InlineField>
          </>
        )}
      </InlineFieldRow>
      <QueryFilters {...props} />
    </>
  );
}
