import { ProgramRules } from '@ledger/domain';
import { Audience } from '../auth/personal-data-access';
import { requirePartner } from '../partners';
import { Freshness } from '../read-models/paging';
import { QueryReads, ReadModelQuery } from '../read-models/read-model-query';
import { partnerTierView } from './partner-tier.view';

/** GET /partners/:partnerId/tier: read from the partner's profile, judged by the program rules versions given. */
export class GetPartnerTierQuery extends ReadModelQuery {
  constructor(
    readonly partnerId: string,
    readonly versions: readonly ProgramRules[],
    readonly now: string,
    freshness: Freshness = {},
    readonly audience: Audience = 'withheld',
  ) {
    super(freshness);
  }

  async answer({ store, personal }: QueryReads) {
    return partnerTierView(await requirePartner(store, this.partnerId), this.versions, this.now, (value) => personal.revealValue(value, this.audience));
  }
}
