/**
 * OTLP/HTTP GenAI spans (EVENTS.md envelope 4): decode an ExportTraceServiceRequest body, then map
 * its GenAI spans to HubEvents.
 */
export {
  decodeOtlpTraceRequest,
  encodeOtlpTraceResponse,
  OtlpDecodeError,
  type OtlpPartialSuccess,
} from './decode';
export {
  spansToEvents,
  spanEventId,
  OTLP_SPAN_NAMESPACE,
  type SpanRejection,
  type SpansToEventsResult,
} from './map';
export type { OtlpTraceRequest } from './types';
