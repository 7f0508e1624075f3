/**
 * Group commit: batches are written one transaction at a time, and the batches that arrived while a
 * transaction ran are written together in the next one: one COPY, one rollup delta row and one
 * commit (a WAL flush) for many requests. (It began when the rollups were written in the ingest
 * transaction and concurrent writers queued on their row locks; they are merged apart now.)
 * Each caller still gets its own outcome, or the error when the shared transaction failed (then
 * nothing of it was stored, and every caller may retry).
 */
export class GroupCommit<T, R> {
  private readonly waiting: Array<{
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  private writing = false;

  /**
   * @param write writes the items in one transaction; returns one result per item, in order
   * @param sizeOf an item's size (events): a transaction takes waiting items up to `maxSize`, at least one
   */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly sizeOf: (item: T) => number,
    private readonly maxSize: number,
  ) {}

  /** Resolves once the item's transaction has committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      let size = 0;
      let count = 0;
      while (
        count < this.waiting.length &&
        (count === 0 || size + this.sizeOf(this.waiting[count]!.item) <= this.maxSize)
      ) {
        size += this.sizeOf(this.waiting[count]!.item);
        count++;
      }
      const group = this.waiting.splice(0, count);
      try {
        const results = await this.write(group.map((entry) => entry.item));
        group.forEach((entry, i) => entry.resolve(results[i]!));
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
