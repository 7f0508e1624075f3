/** Events encoded as COPY rows and read back (the guarded insert's path) are the events encoded. */
import type { HubEvent } from '../../src/events/model';
import { copyRows, eventsOfCopyRows } from '../../src/storage/eventStore';

const base: HubEvent = {
  eventId: 'e-1',
  time: Date.UTC(2026, 10, 23, 9, 30, 15, 7),
  tenant: 'acme',
  sourceModule: 'llm-observatory',
  eventType: 'telemetry',
  kind: 'latency',
  severity: 'info',
  environment: 'prod',
  schemaVersion: '1.0.0',
  model: 'gpt-4o',
  provider: null,
  route: 'chat',
  correlationId: null,
  parentEventId: null,
  requestId: 'r-1',
  latencyMs: 123.456,
  ttftMs: null,
  promptTokens: 9007199254740991,
  completionTokens: 0,
  totalTokens: null,
  tokensPerSecond: 1e-7,
  costUsd: 0.000125,
  costEstimated: true,
  isError: false,
  errorType: null,
  tags: { tenant_id: 'acme', note: 'tab\there\\N' },
  attributes: { text: 'line\nbreak\r back\\slash ünï 𝄞', nested: { list: [1, null, 'x'] } },
};

test('every column survives the round trip, awkward text, nulls and extreme numbers included', () => {
  const events: HubEvent[] = [
    base,
    {
      ...base,
      eventId: 'e-2\t\\',
      time: Date.UTC(1969, 11, 31, 23, 59, 59, 950),
      isError: true,
      errorType: 'x\ny',
    },
    { ...base, eventId: 'e-3', time: Date.UTC(2026, 0, 1), route: '', tags: {}, attributes: {} },
  ];
  expect(eventsOfCopyRows(copyRows(events))).toEqual(events);
  expect(eventsOfCopyRows(copyRows([]))).toEqual([]);
});

test('rows far longer than the room reserved for them, in multi-byte UTF-8, come back whole', () => {
  const long = (i: number) => `${'ü𝄞\t'.repeat(500 * i)}end ${i}`;
  const events = [1, 0, 3, 2].map((i) => ({ ...base, eventId: `e-${i}`, attributes: { text: long(i) } }));
  const rows = copyRows(events);
  expect(rows.toString().split('\n')).toHaveLength(events.length + 1);
  expect(eventsOfCopyRows(rows)).toEqual(events);
});

test('times are written as the ISO text of their millisecond, whatever it is', () => {
  const times = [0, 1, 10, 99, 100, 999, 1000, -1, -999, -1001, 1.5, Date.UTC(2026, 1, 28, 23, 59, 59, 999)];
  for (let i = 0; i < 200; i++) times.push(Math.floor(Math.random() * 4e12) - 1e12);
  const decoded = eventsOfCopyRows(copyRows(times.map((time) => ({ ...base, time }))));
  expect(decoded.map((event) => event.time)).toEqual(times.map((time) => Math.floor(time)));
  const text = copyRows(times.map((time) => ({ ...base, time }))).toString();
  expect(
    text
      .split('\n')
      .slice(0, -1)
      .map((line) => line.split('\t')[0]),
  ).toEqual(times.map((time) => new Date(time).toISOString()));
});
