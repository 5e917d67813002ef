import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import { country } from '../contracts/fields';
import { countersResponse, countersView } from '../read-models/activity-counters';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { PartnerProfile } from './partner-profile';

/** A profile as the API shows it: money as decimal strings, with the ledger's currency. */
export function partnerView(profile: PartnerProfile, currency: string) {
  return {
    partnerId: profile.partnerId,
    name: profile.name,
    typology: profile.typology,
    territory: profile.territory,
    tier: profile.tier,
    registeredAt: profile.registeredAt,
    certifiedEngineers: profile.certifiedEngineers,
    counters: countersView(profile.counters),
    currency,
  };
}

const engineer = z.object({ engineerId: z.string(), engineerName: z.string().optional(), expiresAt: z.string().optional() });
const partner = z.object({
  partnerId: z.string(),
  name: z.string(),
  typology: z.enum(TYPOLOGIES),
  territory: z.object({ country: z.string(), region: z.string().optional() }),
  tier: z.enum(TIERS),
  registeredAt: z.string(),
  certifiedEngineers: z.record(z.string(), z.array(engineer)).describe('Engineers holding a valid certification, per product line'),
  counters: z.object(countersResponse),
  currency: z.string(),
});

export class PartnerResponse extends createZodDto(partner) {}
export class PartnerPageResponse extends createZodDto(pageResponse(partner)) {}
export class ListPartnersQueryDto extends createZodDto(
  z.strictObject({ ...freshnessQuery, ...pageQuery, typology: z.enum(TYPOLOGIES).optional(), tier: z.enum(TIERS).optional(), country: country.optional() }),
) {}
