import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TIERS, TYPOLOGIES } from '@ledger/domain';
import { country } from '../contracts/fields';
import { countersResponse, countersView } from '../read-models/activity-counters';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { ACTIVITY_TYPES, noSanctions, PartnerProfile, PartnerSanctions } from './partner-profile';
import { basisResponse } from '../as-of/time-filter';

/** Shows one personal value as the reader may see it. */
export type Reveal = (value: string) => Promise<string>;

/** Engineers as the reader may see them: ids and names are stored sealed under each engineer's key. */
async function engineersView(certified: PartnerProfile['certifiedEngineers'], reveal: Reveal) {
  const lines = await Promise.all(
    Object.entries(certified).map(async ([line, engineers]) => [
      line,
      await Promise.all(engineers.map(async (e) => ({
        ...e,
        engineerId: await reveal(e.engineerId),
        ...(e.engineerName === undefined ? {} : { engineerName: await reveal(e.engineerName) }),
      }))),
    ] as const),
  );
  return Object.fromEntries(lines);
}

/** Loyalty cards as the API shows them: a date there is none of is null. */
const sanctionsView = ({ yellowCards, redCards, activeYellowUntil, suspendedUntil }: PartnerSanctions) => ({
  yellowCards, redCards, activeYellowUntil: activeYellowUntil ?? null, suspendedUntil: suspendedUntil ?? null,
});

/** A profile as the API shows it: money as decimal strings, with the ledger's currency; personal data as the reader may see it. */
export async function partnerView(profile: PartnerProfile, currency: string, reveal: Reveal) {
  return {
    partnerId: profile.partnerId,
    name: profile.name,
    typology: profile.typology,
    territory: profile.territory,
    tier: profile.tier,
    registeredAt: profile.registeredAt,
    certifiedEngineers: await engineersView(profile.certifiedEngineers, reveal),
    counters: countersView(profile.counters),
    sanctions: sanctionsView(profile.sanctions ?? noSanctions()),
    lastActivityType: profile.lastActivityType,
    lastActivityAt: profile.lastActivityAt,
    currency,
  };
}

const personal = (what: string) =>
  z.string().meta({ 'x-personal-data': true }).describe(`${what}. Personal data: shown to the roles PERSONAL_DATA_ROLES names, "[personal]" to others, "[erased]" once the person is erased`);
const engineer = z.object({ engineerId: personal('The engineer\'s id'), engineerName: personal('The engineer\'s name').optional(), expiresAt: z.string().optional() });
const partner = z.object({
  partnerId: z.string(),
  name: z.string(),
  typology: z.enum(TYPOLOGIES),
  territory: z.object({ country: z.string(), region: z.string().optional() }),
  tier: z.enum(TIERS),
  registeredAt: z.string(),
  certifiedEngineers: z.record(z.string(), z.array(engineer)).describe('Engineers holding a valid certification, per product line'),
  counters: z.object(countersResponse),
  sanctions: z
    .object({
      yellowCards: z.number().int().min(0),
      redCards: z.number().int().min(0),
      activeYellowUntil: z.string().nullable().describe('The end of the loyalty window of the yellow card held, under the rules it was issued by (a later offence is judged by the window of the rules in force then); null when none is held: a red card spends it'),
      suspendedUntil: z.string().nullable().describe('The end of the last red card\'s suspension of lead registration (when it was lifted, if lifted early); null when never red-carded. Past or future: compare with now'),
    })
    .describe('Loyalty cards: a partner caught taking a lead to a competitor gets a yellow card, a second offence within the loyalty window a red card'),
  lastActivityType: z.enum(ACTIVITY_TYPES).describe('The last activity: a lead registered, a deal won, a certification earned or an engagement; PartnerRegistered until one'),
  lastActivityAt: z.string().describe('When it occurred, ISO-8601 in UTC (the latest occurredAt: a fact recorded late does not move it back)'),
  currency: z.string(),
  basis: basisResponse.optional(),
});

export class PartnerResponse extends createZodDto(partner) {}
export class PartnerPageResponse extends createZodDto(pageResponse(partner)) {}
export class ListPartnersQueryDto extends createZodDto(
  z.strictObject({ ...freshnessQuery, ...pageQuery, typology: z.enum(TYPOLOGIES).optional(), tier: z.enum(TIERS).optional(), country: country.optional() }),
) {}
