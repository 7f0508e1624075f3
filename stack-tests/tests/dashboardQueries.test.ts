/**
 * Every query of the provisioned dashboards, run as Grafana would run it: through the hub
 * datasource (behind the stand-in proxy) against the processor the demo generator filled, over the
 * dashboards' default range (the last 6 hours), with the variables on All. Each returns data.
 */
import type { DataFrame, DataQueryResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { hubDataSource, panelRequest, useVariables } from '../../datasource-plugin/tests/hubDataSource';
import type { VariableQuery } from '../../datasource-plugin/src/types';
import { demoProcessor } from '../../plugin-testing/testProcessor';
import { hubTargets, variablesOnAll } from './dashboardTargets';
import { dashboardFiles } from './repository';

const HOUR = 3_600_000;
const { window } = demoProcessor();
/** The dashboards' `now-6h` to `now`, where the demo traffic ends. */
const range = { from: window.end - 6 * HOUR, to: window.end, intervalMs: 60_000 };

const rows = (frame: DataFrame) => frame.length;

describe.each(hubTargets().map(({ where, target }) => [where, target] as const))('%s', (_where, target) => {
  test('returns data', async () => {
    useVariables(variablesOnAll());
    const response: DataQueryResponse = await hubDataSource().query(panelRequest([target], range));
    expect(response.errors ?? []).toEqual([]);
    const frames = response.data as DataFrame[];
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.reduce((sum, frame) => sum + rows(frame), 0)).toBeGreaterThan(0);
  });
});

test('every dashboard variable lists values', async () => {
  const variables = [...dashboardFiles().values()].flatMap((dashboard) => dashboard.templating?.list ?? []);
  expect(variables.length).toBeGreaterThan(0);
  useVariables(variablesOnAll());
  const ds = hubDataSource();
  for (const variable of variables) {
    const response: any = await lastValueFrom(
      (ds.variables as any).query(
        panelRequest<VariableQuery>([variable.query], { from: window.start, to: window.end }),
      ),
    );
    expect({ variable: variable.name, values: response.data.length > 0 }).toEqual({
      variable: variable.name,
      values: true,
    });
  }
});
