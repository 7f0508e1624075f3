/** A worker thread of the prepare pool (preparePool.ts): a Preparer built from the pool's configuration. */
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import {
  ownsItsBuffer,
  Preparer,
  type BodyTask,
  type MessagesTask,
  type PreparedBatch,
  type PreparedBody,
  type PreparerConfig,
} from './preparation';

const preparer = new Preparer(workerData as PreparerConfig);

export default function prepareBody(task: BodyTask): PreparedBody {
  const prepared = preparer.prepareBody(task);
  return prepared.ok ? withMovedRows(prepared, prepared.batch.copyRows) : prepared;
}

export function prepareMessages(task: MessagesTask): PreparedBatch {
  const batch = preparer.prepareMessages(task);
  return withMovedRows(batch, batch.copyRows);
}

/** `result`, its COPY rows moved to the main thread rather than copied (piscina's Transferable). */
function withMovedRows<T extends object>(result: T, rows: Uint8Array): T {
  if (!ownsItsBuffer(rows)) return result;
  return move({ [transferableSymbol]: [rows.buffer], [valueSymbol]: result }) as T;
}
