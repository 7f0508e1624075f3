/** A worker thread of the prepare pool (preparePool.ts): a Preparer built from the pool's configuration. */
import { workerData } from 'node:worker_threads';
import {
  Preparer,
  type BodyTask,
  type MessagesTask,
  type PreparedBatch,
  type PreparedBody,
  type PreparerConfig,
} from './preparation';

const preparer = new Preparer(workerData as PreparerConfig);

export default function prepareBody(task: BodyTask): PreparedBody {
  return preparer.prepareBody(task);
}

export function prepareMessages(task: MessagesTask): PreparedBatch {
  return preparer.prepareMessages(task);
}
