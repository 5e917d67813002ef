/** A stream's last revision and the chain value of the event there. */
export interface ChainTip {
  revision: bigint;
  hash: string;
}

/**
 * The chain values of the streams appended to last, so that an append does not read its
 * stream's last event again. Bounded (the least recently appended streams are forgotten), and
 * a tip is good only while its revision is the stream's current one: another writer may have
 * appended since.
 */
export class ChainTips {
  private readonly tips = new Map<string, ChainTip>();

  constructor(private readonly capacity = 10_000) {}

  /** The tip's hash if it is the stream's current revision. */
  current(streamId: string, revision: bigint): string | undefined {
    const tip = this.tips.get(streamId);
    return tip?.revision === revision ? tip.hash : undefined;
  }

  set(streamId: string, tip: ChainTip): void {
    this.tips.delete(streamId); // re-inserted last: Map order is the eviction order
    this.tips.set(streamId, tip);
    if (this.tips.size > this.capacity) this.tips.delete(this.tips.keys().next().value!);
  }
}
