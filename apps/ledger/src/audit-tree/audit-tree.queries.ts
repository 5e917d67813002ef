import { Freshness } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { consistencyProofOf, currentTree, inclusionProofOf } from './tree-reads';

/** What an auditor writes down: the tree's size and root now, and the position of its last event. */
export class GetDigestQuery extends ReadModelQuery {
  /** `now` is the edge's clock, read once the tree is read (after any wait for minPosition). */
  constructor(readonly now: () => string, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    const { treeSize, rootHash, lastPosition } = await currentTree(store);
    return { treeSize, rootHash, lastPosition: String(lastPosition), at: this.now() };
  }
}

export class GetInclusionProofQuery extends ReadModelQuery {
  constructor(readonly eventId: string, readonly treeSize: number | undefined, freshness: Freshness = {}) {
    super(freshness);
  }

  answer({ store }: QueryReads) {
    return inclusionProofOf(store, this.eventId, this.treeSize);
  }
}

export class GetConsistencyProofQuery extends ReadModelQuery {
  constructor(readonly from: number, readonly to: number | undefined, freshness: Freshness = {}) {
    super(freshness);
  }

  answer({ store }: QueryReads) {
    return consistencyProofOf(store, this.from, this.to);
  }
}
