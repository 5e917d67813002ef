import { formatAmount } from '@ledger/domain';
import { ActivityCounters, HistoryEntry, PartnerProfile, Scorecard } from '@ledger/projections';

/** Read models keep minor units; the API shows decimal strings and the ledger's currency. */
function countersView(counters: ActivityCounters) {
  return {
    leadsRegistered: counters.leadsRegistered,
    dealsWon: counters.dealsWon,
    revenueWon: formatAmount(counters.revenueWon),
    certificationsEarned: counters.certificationsEarned,
    incentivesAwarded: counters.incentivesAwarded,
    incentivesValue: formatAmount(counters.incentivesValue),
  };
}

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

export function scorecardView(scorecard: Scorecard, currency: string) {
  return {
    partnerId: scorecard.partnerId,
    period: scorecard.period,
    typology: scorecard.typology,
    country: scorecard.country,
    tier: scorecard.tier,
    ...countersView(scorecard),
    currency,
  };
}

/** Money inside event data is { minor, currency }; at the edge it is { amount, currency }. */
function moneyAsDecimal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(moneyAsDecimal);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record['minor'] === 'number' && typeof record['currency'] === 'string') {
      return { amount: formatAmount(record['minor']), currency: record['currency'] };
    }
    return Object.fromEntries(keys.map((key) => [key, moneyAsDecimal(record[key])]));
  }
  return value;
}

export function historyView(entry: HistoryEntry) {
  const { partnerId: _partnerId, ...envelope } = entry;
  return { ...envelope, data: moneyAsDecimal(entry.data) };
}
