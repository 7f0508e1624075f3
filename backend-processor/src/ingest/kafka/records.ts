import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

import type { Rejection, RejectionCode } from '../../events/model';

/** Why a message goes to the dead-letter topic; the fields become its `x-reject-*` headers. */
export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
  path: string;
  code: RejectionCode;
}

export type Decoded = { ok: true; item: unknown } | { ok: false; reason: string };

// fatal: invalid UTF-8 must be refused, not silently turned into U+FFFD and stored as if it were valid.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A message value is one JSON item, UTF-8 encoded. */
export function decodeValue(value: Buffer | null): Decoded {
  if (value === null || value.length === 0) return { ok: false, reason: 'message has no value' };
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, reason: 'value is not valid UTF-8' };
  }
  try {
    return { ok: true, item: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `value is not JSON: ${(err as Error).message}` };
  }
}

/**
 * One dead letter per rejected item: an item can fail on several fields, and the DLQ should hold each
 * message once. The first rejection names path and code; the reasons are all kept.
 */
export function groupRejections(rejected: readonly Rejection[]): Map<number, Omit<Rejection, 'index'>> {
  const byIndex = new Map<number, Omit<Rejection, 'index'>>();
  for (const r of rejected) {
    const seen = byIndex.get(r.index);
    if (seen) seen.reason = `${seen.reason}; ${r.path || '/'}: ${r.reason}`;
    else byIndex.set(r.index, { path: r.path, reason: r.reason, code: r.code });
  }
  return byIndex;
}

export const REJECT_HEADERS = [
  'x-reject-reason',
  'x-reject-path',
  'x-reject-code',
  'x-source-topic',
  'x-source-partition',
  'x-source-offset',
] as const;

/** The original key, value and headers, plus where the message came from and why it was refused. */
export function deadLetterRecord(dl: DeadLetter, topic: string, partition: number): Message {
  const headers: IHeaders = { ...(dl.message.headers ?? {}) };
  headers['x-reject-reason'] = dl.reason;
  headers['x-reject-path'] = dl.path;
  headers['x-reject-code'] = dl.code;
  headers['x-source-topic'] = topic;
  headers['x-source-partition'] = String(partition);
  headers['x-source-offset'] = dl.message.offset;
  return { key: dl.message.key, value: dl.message.value, headers };
}
