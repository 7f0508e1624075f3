/**
 * Forecast and cost projection APIs on a known hourly pattern: cost events every hour for three
 * days, as many as a daily cycle says, stored through the real processor in PostgreSQL.
 */
import { costEvent, postJson, useDatabaseProcessor } from '../support/processor';

const fixture = useDatabaseProcessor('forecast_api', {
  HUB_ANOMALY_DETECTION: 'off',
  HUB_MONTHLY_BUDGET_USD: '5',
});

const HOUR = 3_600_000;
const perHour = (hour: number) => 20 + Math.round(10 * Math.sin((2 * Math.PI * hour) / 24));

const now = Date.now();
const thisHour = Math.floor(now / HOUR) * HOUR;

beforeAll(async () => {
  const events = [];
  for (let h = 72; h >= 1; h--) {
    const start = thisHour - h * HOUR;
    const hourOfDay = new Date(start).getUTCHours();
    for (let i = 0; i < perHour(hourOfDay); i++) events.push(costEvent(`fc-${h}-${i}`, start + i * 60_000));
  }
  for (let i = 0; i < events.length; i += 1000) {
    const answer = await postJson(`${fixture.hub.url}/api/v1/events`, events.slice(i, i + 1000));
    expect(answer.body.errors.slice(0, 1)).toEqual([]);
  }
});

test('the forecast continues the daily cycle, with intervals around it, after the actual hours', async () => {
  const answer = await postJson(`${fixture.hub.url}/api/v1/forecast`, {
    metric: 'cost_usd',
    measure: 'sum',
    from: thisHour - 24 * HOUR,
    horizonHours: 12,
  });
  expect(answer.status).toBe(200);
  const { rows } = answer.body;
  const actual = rows.filter((r: any) => r.actual !== null);
  const ahead = rows.filter((r: any) => r.forecast !== null);
  expect(actual).toHaveLength(24);
  actual.forEach((r: any) => expect(r.actual).toBeCloseTo(perHour(new Date(r.time).getUTCHours()) * 0.01, 9));
  expect(ahead.map((r: any) => r.time)).toEqual(Array.from({ length: 12 }, (_, h) => thisHour + h * HOUR));
  for (const r of ahead) {
    const expected = perHour(new Date(r.time).getUTCHours()) * 0.01;
    expect(Math.abs(r.forecast - expected)).toBeLessThan(0.05);
    expect(r.lower_95 <= r.lower_80 && r.lower_80 <= r.forecast && r.forecast <= r.upper_80).toBe(true);
    expect(r.upper_80).toBeLessThanOrEqual(r.upper_95);
  }
  expect(['seasonal_naive', 'holt_winters', 'mstl_ets']).toContain(answer.body.model);
  expect(answer.body.unit).toBe('USD');
});

test('the cost projection adds the forecast of the rest of the month to the spend so far', async () => {
  const answer = await postJson(`${fixture.hub.url}/api/v1/cost/projection`, {});
  expect(answer.status).toBe(200);
  const p = answer.body;
  const spent = await fixture.db.query(
    `SELECT coalesce(sum(cost_usd), 0)::float8 AS s FROM events WHERE time >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  );
  expect(p.monthToDateUsd).toBeCloseTo(spent.rows[0].s, 9);
  const hoursLeft = (p.monthEnd - thisHour) / HOUR;
  // About 20 events of $0.01 an hour on average for the rest of the month.
  expect(p.projectedUsd - p.monthToDateUsd).toBeGreaterThan(0.15 * hoursLeft);
  expect(p.projectedUsd - p.monthToDateUsd).toBeLessThan(0.25 * hoursLeft);
  expect(p.projectedLow80Usd).toBeLessThanOrEqual(p.projectedUsd);
  expect(p.projectedHigh80Usd).toBeGreaterThanOrEqual(p.projectedUsd);
  expect(p.budgetUsd).toBe(5);
  expect(p.overBudgetUsd).toBeCloseTo(p.projectedUsd - 5, 9);

  const generous = await postJson(`${fixture.hub.url}/api/v1/cost/projection`, { budgetUsd: 1e6 });
  expect(generous.body).toMatchObject({ budgetUsd: 1e6, budgetExceededAt: null });
});

test('each forecast refresh exports the projection and the budget to Prometheus, for budget alerts', async () => {
  await fixture.hub.processor.forecasts.refresh();
  const projection = (await postJson(`${fixture.hub.url}/api/v1/cost/projection`, {})).body;
  const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
  expect(value('llm_cost_month_to_date_usd')).toBeCloseTo(projection.monthToDateUsd, 6);
  expect(value('llm_cost_month_end_projected_usd')).toBeCloseTo(projection.projectedUsd, 6);
  expect(value('llm_cost_monthly_budget_usd')).toBe(5);
});

test('too little history is a 400 that says how much there is', async () => {
  const answer = await postJson(`${fixture.hub.url}/api/v1/forecast`, {
    metric: 'latency_ms',
    measure: 'p95',
  });
  expect(answer.status).toBe(400);
  expect(answer.body.message).toMatch(
    /not enough history to forecast latency_ms p95: needs a day of hourly data, found 0 hours/,
  );
});

test('a tenant-bound key forecasts its own tenant only', async () => {
  const created = await postJson(`${fixture.hub.url}/api/v1/keys`, {
    name: 'globex',
    scopes: ['read'],
    tenant: 'globex',
  });
  const answer = await postJson(
    `${fixture.hub.url}/api/v1/forecast`,
    { metric: 'cost_usd', measure: 'sum' },
    created.body.key,
  );
  expect(answer.status).toBe(400);
  expect(answer.body.message).toMatch(/not enough history/);
});
