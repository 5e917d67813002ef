import { refuse } from '@ledger/domain';
import { InvalidCursorError, ReadStore } from '@ledger/read-store';
import { Freshness, PageRequest } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { CHALLENGE_LEADERBOARD, CHALLENGES, ChallengeDocument, LeaderboardEntryDocument } from './challenges.projection';
import { challengeView, leaderboardEntryView } from './challenges.view';

async function requireChallenge(store: ReadStore, challengeId: string): Promise<ChallengeDocument> {
  const found = await store.get<ChallengeDocument>(CHALLENGES, challengeId);
  if (!found) throw refuse.notFound('CHALLENGE_NOT_FOUND', `challenge ${challengeId} does not exist`, { challengeId });
  return found.doc;
}

/** Every challenge, the latest to start first (then by id, descending). */
export class ListChallengesQuery extends ReadModelQuery {
  constructor(readonly page: PageRequest, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    const found = await store.find<ChallengeDocument>(CHALLENGES, { sort: { field: 'from', direction: 'desc' }, limit: this.page.limit, cursor: this.page.cursor });
    return { items: found.items.map(challengeView), nextCursor: found.nextCursor };
  }
}

export class GetChallengeQuery extends ReadModelQuery {
  constructor(readonly challengeId: string, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    return challengeView(await requireChallenge(store, this.challengeId));
  }
}

/**
 * The leaderboard's cursor: how many entries came before, then the store's own cursor, so
 * that a page knows its ranks without counting (`<ranked>.<store cursor>`).
 */
const CURSOR = /^(0|[1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)$/;
function ranksBefore(cursor: string | undefined): { ranked: number; cursor?: string } {
  if (cursor === undefined) return { ranked: 0 };
  const match = CURSOR.exec(cursor);
  if (!match) throw new InvalidCursorError();
  return { ranked: Number(match[1]), cursor: match[2] };
}

/** A challenge's leaderboard, a page at a time: one read of the (challengeId, rankKey) index. */
export class GetLeaderboardQuery extends ReadModelQuery {
  constructor(readonly challengeId: string, readonly page: PageRequest, freshness: Freshness = {}) {
    super(freshness);
  }

  async answer({ store }: QueryReads) {
    const challenge = await requireChallenge(store, this.challengeId);
    const { ranked, cursor } = ranksBefore(this.page.cursor);
    const found = await store.find<LeaderboardEntryDocument>(CHALLENGE_LEADERBOARD, {
      filter: { challengeId: this.challengeId }, sort: { field: 'rankKey', direction: 'asc' }, limit: this.page.limit, cursor,
    });
    return {
      items: found.items.map((entry, n) => leaderboardEntryView(entry, ranked + n + 1, challenge.metric)),
      nextCursor: found.nextCursor === null ? null : `${ranked + found.items.length}.${found.nextCursor}`,
    };
  }
}
