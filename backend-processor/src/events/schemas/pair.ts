import { Type } from '@sinclair/typebox';
import { Count, Id, NonNegative, Opt, Strict, Text, Timestamp } from './primitives';

/** StreamLens `POST /v1/llm/request`. */
export const RequestHalfSchema = Strict({
  request_id: Id,
  // Required unless the API key is bound to a tenant (see pairs.ts); the schema cannot know that.
  tenant_id: Opt(Id),
  route: Id,
  model: Id,
  timestamp: Timestamp,
  prompt_tokens: Opt(Count),
});

/** StreamLens `POST /v1/llm/response`; names no tenant. */
export const ResponseHalfSchema = Strict({
  request_id: Id,
  timestamp: Timestamp,
  latency_ms: NonNegative,
  completion_tokens: Opt(Count),
  finish_reason: Opt(Type.String({ maxLength: 256 })),
  error: Opt(Text),
});
