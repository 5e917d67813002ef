import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personIdentity, ProgramRules, rulesInForce, Tier, tierFor, TIERS } from '@ledger/domain';
import { HeldCertification, heldCertifications, PartnerProfile, Reveal } from '../partners';
import { basisResponse } from '../as-of/time-filter';

/** How far ahead GET /partners/:partnerId/tier looks for certifications about to expire. */
export const EXPIRY_HORIZON_DAYS = 60;
const DAY_MS = 86_400_000;

const RANK: Record<Tier, number> = { none: 0, silver: 1, gold: 2, platinum: 3 };

type Held = HeldCertification;

const lapsedBy = (c: Held, at: number) => c.expiresAt !== undefined && Date.parse(c.expiresAt) <= at;

/**
 * A partner's tier as an end customer asks it before signing: the tier recorded, since when
 * and by which rules version; the certifications behind it (valid at `now`); those expiring
 * within 60 days that would each lower it, computed with the criteria of the version in force
 * now on what is held minus that one; and the tier left once all of those have lapsed, since
 * several may lower it only together. A certification past its expiry that no command has
 * expired yet is listed apart, and the tier the version in force gives to what is still
 * valid is stated beside the recorded one, so a stale answer shows as one.
 */
export async function partnerTierView(profile: PartnerProfile, versions: readonly ProgramRules[], now: string, reveal: Reveal) {
  const at = Date.parse(now);
  const horizon = at + EXPIRY_HORIZON_DAYS * DAY_MS;
  const rulesNow = rulesInForce(versions, now) ?? versions[0]!;
  const held = heldCertifications(profile);
  const valid = held.filter((c) => !lapsedBy(c, at));
  const lapsed = held.filter((c) => lapsedBy(c, at));
  const tierNow = tierFor(valid, rulesNow);
  const expiring = valid
    .filter((c) => lapsedBy(c, horizon))
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!));
  const lowering = expiring
    .map((c) => ({ ...c, tierWithout: tierFor(valid.filter((other) => other !== c), rulesNow) }))
    .filter((c) => RANK[c.tierWithout] < RANK[tierNow]);

  const person = async (c: Held) => ({
    engineerId: await reveal(c.engineerId),
    ...(c.engineerName === undefined ? {} : { engineerName: await reveal(c.engineerName) }),
  });
  // Ids are sealed differently on each certification: engineers are grouped by whose they are.
  const byEngineer = new Map<string, Held[]>();
  for (const c of valid) byEngineer.set(personIdentity(c.engineerId), [...(byEngineer.get(personIdentity(c.engineerId)) ?? []), c]);
  const line = (c: Held) => ({ productLine: c.productLine, ...(c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt }) });

  return {
    partnerId: profile.partnerId,
    tier: profile.tier,
    since: profile.tierSince ?? profile.registeredAt,
    rulesVersion: profile.tierRulesVersion ?? rulesInForce(versions, profile.registeredAt)?.version ?? rulesNow.version,
    engineers: await Promise.all(
      [...byEngineer.values()].map(async (certifications) => ({ ...(await person(certifications.find((c) => c.engineerName !== undefined) ?? certifications[0]!)), certifications: certifications.map(line) })),
    ),
    expiringSoon: await Promise.all(lowering.map(async (c) => ({ ...(await person(c)), productLine: c.productLine, expiresAt: c.expiresAt!, tierWithout: c.tierWithout }))),
    tierIn60Days: tierFor(valid.filter((c) => !expiring.includes(c)), rulesNow),
    evaluatedAt: now,
    rulesVersionInForce: rulesNow.version,
    tierInForce: tierNow,
    lapsedNotYetExpired: await Promise.all(lapsed.map(async (c) => ({ ...(await person(c)), ...line(c) }))),
  };
}

const personal = (what: string) =>
  z.string().meta({ 'x-personal-data': true }).describe(`${what}. Personal data: shown to the roles PERSONAL_DATA_ROLES names, "[personal]" to others, "[erased]" once the person is erased`);
const who = { engineerId: personal('The engineer\'s id'), engineerName: personal('The engineer\'s name').optional() };
const certification = z.object({ productLine: z.string(), expiresAt: z.string().optional() });

const partnerTier = z.object({
  partnerId: z.string(),
  tier: z.enum(TIERS).describe('The tier recorded (the last TierChanged, or none since registration)'),
  since: z.string().describe('When it was set: the occurredAt of the TierChanged that set it, or the registration\'s'),
  rulesVersion: z.number().int().describe('The program rules version whose criteria set it'),
  engineers: z.array(z.object({ ...who, certifications: z.array(certification) })).describe('The engineers and product lines behind it: certifications held and valid now'),
  expiringSoon: z
    .array(z.object({ ...who, productLine: z.string(), expiresAt: z.string(), tierWithout: z.enum(TIERS) }))
    .describe(`Certifications expiring within ${EXPIRY_HORIZON_DAYS} days that would each lower the tier (judged by the version in force now), soonest first`),
  tierIn60Days: z.enum(TIERS).describe(`The tier left once every certification expiring within ${EXPIRY_HORIZON_DAYS} days has lapsed, none renewed`),
  evaluatedAt: z.string(),
  rulesVersionInForce: z.number().int(),
  tierInForce: z.enum(TIERS).describe('The tier the version in force gives to the certifications valid now: differs from tier while a lapse is not yet expired or a new version not yet re-evaluated'),
  lapsedNotYetExpired: z.array(z.object({ ...who, ...certification.shape })).describe('Certifications past their expiry that no command has expired yet (POST /certifications/expire-due records them)'),
  basis: basisResponse.optional(),
});
export class PartnerTierResponse extends createZodDto(partnerTier) {}
