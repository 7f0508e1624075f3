import { decodeOtlpTraceRequest, OtlpDecodeError, spansToEvents } from '../../src/events/otlp';

const OPTIONS = { defaultTenant: 'tenant-of-key' };
const SPAN = '/resourceSpans/0/scopeSpans/0/spans/0';

/** An OTLP/JSON body as other SDKs write it: enum names, int64 as strings, upper-case hex ids. */
function body(span: Record<string, unknown> = {}, resourceAttributes: unknown[] = []): Buffer {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: 'py-app' } }, ...resourceAttributes],
          },
          scopeSpans: [
            {
              scope: { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' },
              spans: [
                {
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                  parentSpanId: 'EEE19B7EC3C1B173',
                  name: 'chat gpt-4o',
                  kind: 'SPAN_KIND_CLIENT',
                  startTimeUnixNano: 1544712660000000000, // a number: exact, 2^10 divides it
                  endTimeUnixNano: '1544712661000000000',
                  droppedAttributesCount: 0,
                  flags: 257,
                  links: [],
                  attributes: [
                    { key: 'gen_ai.system', value: { stringValue: 'openai' } },
                    { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
                    { key: 'gen_ai.usage.output_tokens', value: { intValue: 7 } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'payload', value: { bytesValue: 'aGk=' } },
                    {
                      key: 'nested',
                      value: {
                        kvlistValue: {
                          values: [
                            {
                              key: 'list',
                              value: {
                                arrayValue: { values: [{ boolValue: true }, { doubleValue: 'NaN' }, {}] },
                              },
                            },
                          ],
                        },
                      },
                    },
                  ],
                  status: { code: 'STATUS_CODE_OK' },
                  ...span,
                },
              ],
            },
          ],
        },
      ],
    }),
  );
}

function map(buffer: Buffer, contentType = 'application/json') {
  return spansToEvents(decodeOtlpTraceRequest(buffer, contentType), OPTIONS);
}

describe('OTLP/JSON written by hand', () => {
  it('decodes enum names, int64 strings and numbers, hex ids and every AnyValue kind', () => {
    const { events, rejected, ignoredSpans } = map(body());
    expect({ rejected, ignoredSpans }).toEqual({ rejected: [], ignoredSpans: 0 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      // CPython: uuid.uuid5(uuid.UUID('bd876d63-8363-5ffa-b1a4-561f8a1a7257'), trace id hex + span id hex)
      eventId: '05b81145-f49e-5e9c-bd7e-a5caa4f4be51',
      parentEventId: '260ef264-ef18-5c23-8bc9-4b3371880334',
      correlationId: '5b8efff7-9803-8103-d269-b633813fc60c',
      time: 1544712660000,
      latencyMs: 1000,
      provider: 'openai',
      model: null,
      promptTokens: 12,
      completionTokens: 7,
      totalTokens: 19,
      tokensPerSecond: 7,
      tenant: 'tenant-of-key',
      environment: 'production',
      attributes: {
        big: '9007199254740993',
        payload: 'aGk=',
        nested: { list: [true, 'NaN', null] },
        span_name: 'chat gpt-4o',
        span_kind: 'client',
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
        parent_span_id: 'eee19b7ec3c1b173',
        'service.name': 'py-app',
        'otel.scope.name': 'opentelemetry.instrumentation.openai_v2',
      },
    });
  });

  it('accepts numeric enums and an empty request', () => {
    const [event] = map(body({ kind: 2, status: { code: 2 } })).events;
    expect(event).toMatchObject({ isError: true, errorType: '_OTHER', attributes: { span_kind: 'server' } });
    expect(map(Buffer.from('{}'))).toEqual({ events: [], rejected: [], ignoredSpans: 0 });
    expect(map(Buffer.alloc(0), 'application/x-protobuf')).toEqual({
      events: [],
      rejected: [],
      ignoredSpans: 0,
    });
  });

  const attribute = (key: string, value: unknown) => ({
    attributes: [
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key, value },
    ],
  });

  it.each([
    [
      { traceId: 'W47/95gDgQPSabYzgT/GDA==' },
      `${SPAN}/traceId`,
      'must be 16 bytes (32 hex digits in OTLP/JSON)',
    ],
    [{ traceId: '' }, `${SPAN}/traceId`, 'is required'],
    [{ spanId: '0000000000000000' }, `${SPAN}/spanId`, 'must not be all zeroes'],
    [{ parentSpanId: 'abc' }, `${SPAN}/parentSpanId`, 'must be 8 bytes (16 hex digits in OTLP/JSON)'],
    [{ startTimeUnixNano: '0' }, `${SPAN}/startTimeUnixNano`, 'is required'],
    [
      { endTimeUnixNano: '1544712659000000000' },
      `${SPAN}/endTimeUnixNano`,
      'must not be before startTimeUnixNano',
    ],
    [
      attribute('gen_ai.usage.input_tokens', { doubleValue: 1.5 }),
      `${SPAN}/attributes/gen_ai.usage.input_tokens`,
      'must be an integer, got 1.5',
    ],
    [
      attribute('gen_ai.usage.completion_tokens', { intValue: '-1' }),
      `${SPAN}/attributes/gen_ai.usage.completion_tokens`,
      'must not be negative, got -1',
    ],
    [
      attribute('gen_ai.request.model', { intValue: '4' }),
      `${SPAN}/attributes/gen_ai.request.model`,
      'must be a string, got int',
    ],
    [
      attribute('gen_ai.response.finish_reasons', { arrayValue: { values: [{ intValue: 1 }] } }),
      `${SPAN}/attributes/gen_ai.response.finish_reasons`,
      'must be an array of strings',
    ],
    [
      attribute('gen_ai.response.time_to_first_chunk', { stringValue: 'soon' }),
      `${SPAN}/attributes/gen_ai.response.time_to_first_chunk`,
      'must be a number of seconds',
    ],
  ])('rejects %j at %s', (span, path, reason) => {
    const result = map(body(span));
    expect(result.events).toEqual([]);
    expect(result.rejected).toEqual([expect.objectContaining({ spanIndex: 0, path, reason })]);
  });

  it('rejects an invalid resource attribute at its resource path', () => {
    const result = map(body({}, [{ key: 'tenant_id', value: { intValue: 5 } }]));
    expect(result.rejected).toEqual([
      {
        spanIndex: 0,
        path: '/resourceSpans/0/resource/attributes/tenant_id',
        reason: 'must be a string, got int',
        code: 'invalid_field',
      },
    ]);
  });

  it('prefers the current attribute name when both are present', () => {
    const [event] = map(
      body({
        attributes: [
          { key: 'gen_ai.provider.name', value: { stringValue: 'azure.ai.openai' } },
          { key: 'gen_ai.system', value: { stringValue: 'az.ai.openai' } },
          { key: 'gen_ai.usage.input_tokens', value: { intValue: 3 } },
          { key: 'gen_ai.usage.prompt_tokens', value: { stringValue: 'ignored' } },
        ],
      }),
    ).events;
    expect(event).toMatchObject({ provider: 'azure.ai.openai', promptTokens: 3 });
    expect(event?.attributes).not.toHaveProperty('gen_ai.system');
  });
});

describe('bodies that do not decode', () => {
  const nested = (depth: number): unknown =>
    depth === 0 ? { stringValue: 'x' } : { arrayValue: { values: [nested(depth - 1)] } };

  it.each([
    [
      'application/x-protobuf',
      Buffer.from([0x0a, 0xff]),
      /^body is not a protobuf ExportTraceServiceRequest: /,
    ],
    [
      'application/x-protobuf',
      Buffer.from('{"resourceSpans":[]}'),
      /^body is not a protobuf ExportTraceServiceRequest/,
    ],
    ['application/json', Buffer.from([0x0a, 0x02, 0x12, 0x00]), /^body is not valid JSON: /],
    ['application/json', Buffer.from(''), /^body is not valid JSON/],
    ['application/json', Buffer.from('[]'), '/: must be an object (ExportTraceServiceRequest)'],
    ['application/json', Buffer.from('{"resourceSpans":{}}'), '/resourceSpans: must be an array'],
    [
      'application/json',
      body({ startTimeUnixNano: 'soon' }),
      `${SPAN}/startTimeUnixNano: must be an unsigned integer`,
    ],
    [
      'application/json',
      body({ startTimeUnixNano: 1.5 }),
      `${SPAN}/startTimeUnixNano: must be an unsigned integer`,
    ],
    ['application/json', body({ traceId: 42 }), `${SPAN}/traceId: must be a string`],
    ['application/json', body({ kind: 'CLIENT' }), `${SPAN}/kind: must be one of SPAN_KIND_UNSPECIFIED`],
    [
      'application/json',
      body({ attributes: [{ key: 'x', value: { boolValue: 'yes' } }] }),
      `${SPAN}/attributes/0/value/boolValue: must be a boolean`,
    ],
    [
      'application/json',
      body({ attributes: [{ key: 'x', value: { bytesValue: 'not base64!' } }] }),
      `${SPAN}/attributes/0/value/bytesValue: must be base64`,
    ],
    [
      'application/json',
      body({ attributes: [{ key: 'x', value: nested(40) }] }),
      'attribute values nest deeper than 32 levels',
    ],
  ])('%s %#: %s', (contentType, buffer, message) => {
    const decode = () => decodeOtlpTraceRequest(buffer, contentType);
    expect(decode).toThrow(OtlpDecodeError);
    expect(decode).toThrow(message);
  });

  it('names the accepted content types, with status 415', () => {
    const decode = () => decodeOtlpTraceRequest(Buffer.from('{}'), 'text/plain');
    expect(decode).toThrow(
      'unsupported content type "text/plain": OTLP/HTTP accepts application/x-protobuf or application/json',
    );
    expect(decode).toThrow(expect.objectContaining({ statusCode: 415, name: 'OtlpDecodeError' }));
  });
});
