import { GroupCommit } from '../../src/ingest/groupCommit';

/** A writer that records its transactions and finishes each when the test says. */
function recordingWriter() {
  const transactions: number[][] = [];
  const finish: Array<(fail?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      transactions.push(items);
      finish.push((fail) => (fail ? reject(fail) : resolve(items.map((item) => `stored ${item}`))));
    });
  return { transactions, finish, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('the first item is written at once; those arriving meanwhile go together in the next transaction', async () => {
  const writer = recordingWriter();
  const commits = new GroupCommit(writer.write, () => 1, 100);
  const first = commits.submit(1);
  const later = [commits.submit(2), commits.submit(3), commits.submit(4)];
  await tick();
  expect(writer.transactions).toEqual([[1]]);
  writer.finish[0]!();
  expect(await first).toBe('stored 1');
  await tick();
  expect(writer.transactions).toEqual([[1], [2, 3, 4]]);
  writer.finish[1]!();
  expect(await Promise.all(later)).toEqual(['stored 2', 'stored 3', 'stored 4']);
});

test('a transaction takes waiting items up to the size bound (at least one, however large)', async () => {
  const writer = recordingWriter();
  const commits = new GroupCommit(writer.write, (n: number) => n, 10);
  const all = [
    commits.submit(1),
    commits.submit(6),
    commits.submit(4),
    commits.submit(30),
    commits.submit(2),
  ];
  for (let i = 0; i < 4; i++) {
    await tick();
    writer.finish[i]!();
  }
  await Promise.all(all);
  expect(writer.transactions).toEqual([[1], [6, 4], [30], [2]]);
});

test('a failed transaction fails each of its items, and the next transaction still runs', async () => {
  const writer = recordingWriter();
  const commits = new GroupCommit(writer.write, () => 1, 100);
  const first = commits.submit(1);
  const second = commits.submit(2);
  const third = commits.submit(3);
  await tick();
  writer.finish[0]!();
  await first;
  await tick();
  writer.finish[1]!(new Error('database down'));
  await expect(second).rejects.toThrow('database down');
  await expect(third).rejects.toThrow('database down');
  const fourth = commits.submit(4);
  await tick();
  expect(writer.transactions).toEqual([[1], [2, 3], [4]]);
  writer.finish[2]!();
  expect(await fourth).toBe('stored 4');
});
