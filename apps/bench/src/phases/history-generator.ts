import { join } from 'node:path';
import {
  Decider, defaultProgramRules, DomainError, INCENTIVE_KINDS, INCENTIVE_ROLES, LeadCommand, leadDecider, LeadEvent, LeadState, OpportunityCommand,
  opportunityDecider, OpportunityEvent, opportunityKey, OpportunityState, PartnerCommand, partnerDecider, PartnerEvent, PartnerState, SCHEMA_VERSION,
  streams, TYPOLOGIES,
} from '@ledger/domain';
import { ExpectedRevision, NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { Random } from '../support/random';

/**
 * Generates a realistic history fast, without HTTP: the domain's own deciders decide every
 * command against the state folded so far (so every event is one the ledger would have
 * recorded, refusals included), and the events are appended, with the envelope the write
 * side gives them, straight to the embedded event store, one append per command and stream
 * as the write side does.
 *
 * Partners of every typology across countries join (most at the start, some later); they
 * register leads (some on customer projects another partner holds already: refused, first to
 * register wins), win deals with product lines and margins, certify engineers (who earn and
 * lose tiers as certifications expire) and award incentives to every role, over `months`
 * months, with a few facts recorded late. Activity is skewed: a few partners do much more.
 */
export interface HistoryOptions {
  file: string;
  events: number;
  partners: number;
  months: number;
  seed: number;
  /** First month, UTC (default: `months` months before the current one). */
  start?: { year: number; month: number };
  onProgress?: (events: number) => void;
}

export interface HistorySummary {
  events: number;
  appends: number;
  seconds: number;
  eventsPerSecond: number;
  partnerIds: string[];
  /** Partners sorted by how many of their events were recorded, busiest first. */
  busiestPartnerIds: string[];
  periods: string[];
  byType: Record<string, number>;
  refusals: Record<string, number>;
  tiers: Record<string, number>;
}

const COUNTRIES = [
  { country: 'FR', regions: ['IDF', 'ARA', 'PACA', 'OCC', 'NAQ', 'HDF'] },
  { country: 'DE', regions: ['BY', 'BW', 'NW', 'HE', 'BE'] },
  { country: 'ES', regions: ['MD', 'CT', 'AN', 'VC'] },
  { country: 'IT', regions: ['LOM', 'LAZ', 'PIE', 'VEN'] },
  { country: 'BE', regions: ['BRU', 'VLG', 'WAL'] },
  { country: 'NL', regions: ['NH', 'ZH', 'UT'] },
  { country: 'GB', regions: ['ENG', 'SCT', 'WLS'] },
  { country: 'CH', regions: ['GE', 'ZH', 'VD'] },
];
const PROJECTS = [
  'Firewall renewal', 'SD-WAN rollout', 'Endpoint protection', 'Mail security', 'Cloud access', 'Branch offices', 'Data centre segmentation',
  'Remote access VPN', 'Zero trust pilot', 'Campus switching', 'Wi-Fi refresh', 'SOC integration', 'Backup appliance', 'Ransomware response',
  'Hospital network', 'Retail stores', 'Factory OT', 'School district', 'Municipal network', 'Hosting platform',
];
const PRODUCTS: Record<string, string[]> = {
  utm: ['UTM-100', 'UTM-500', 'UTM-2000', 'UTM-VM'],
  network: ['SW-24P', 'SW-48P', 'AP-6E', 'SDWAN-EDGE'],
  endpoint: ['EDR-STD', 'EDR-PRO', 'XDR'],
  email: ['MAIL-GW', 'MAIL-CLOUD'],
  cloud: ['CASB', 'ZTNA', 'SASE'],
};
const REASONS = ['Q1 challenge', 'Q2 challenge', 'Q3 challenge', 'Q4 challenge', 'Best new logo', 'Certification sprint', 'Top pre-sales', 'Partner summit'];
const ACTORS = { partner: 'crm', lead: 'crm', certification: 'training', incentive: 'incentives' } as const;

type Stream<S> = { state: S; revision: bigint | undefined };

interface PartnerSim {
  id: string;
  stream: Stream<PartnerState>;
  engineers: number;
  openLeads: string[];
  events: number;
}

const MONTH_MS = (year: number, month: number) => Date.UTC(year, month + 1, 1) - Date.UTC(year, month, 1);

export async function generateHistory(options: HistoryOptions): Promise<HistorySummary> {
  const random = new Random(options.seed);
  const rules = defaultProgramRules('EUR');
  const partnerD = partnerDecider(rules);
  const leadD = leadDecider(rules);
  const store = new SqliteEventStore({ file: options.file, synchronous: 'NORMAL' });
  const now = new Date();
  const start = options.start ?? { year: now.getUTCFullYear(), month: now.getUTCMonth() - options.months };
  const seedTag = (options.seed >>> 0).toString(16).padStart(8, '0');
  let ids = 0;
  const uuid = () => `${seedTag}-0000-4000-8000-${(ids++).toString(16).padStart(12, '0')}`;

  const byType: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  let total = 0;
  let appends = 0;
  const startedAt = process.hrtime.bigint();

  // Partners: a skewed activity weight, a typology each (all six), a territory; 70% join in the first month.
  const partners: PartnerSim[] = [];
  const joinMonth: number[] = [];
  const weights: number[] = [];
  const ranks = Array.from({ length: options.partners }, (_, i) => i).sort(() => random.next() - 0.5);
  for (let i = 0; i < options.partners; i++) {
    partners.push({ id: `P${String(i + 1).padStart(5, '0')}`, stream: { state: partnerD.initialState, revision: undefined }, engineers: random.int(2, 12), openLeads: [], events: 0 });
    joinMonth.push(random.chance(0.7) ? 0 : random.int(1, Math.max(1, Math.floor(options.months / 2))));
    weights.push(1 / Math.pow(ranks[i]! + 5, 0.9));
  }
  const registered: number[] = [];
  let cumulative: number[] = [];
  const rebuildCumulative = () => {
    let sum = 0;
    cumulative = registered.map((i) => (sum += weights[i]!));
  };
  const pickPartner = (): PartnerSim => {
    const target = random.next() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return partners[registered[lo]!]!;
  };

  const leads = new Map<string, Stream<LeadState>>();
  const opportunities = new Map<string, OpportunityState>();
  const customers = Math.max(50, options.partners * 20);
  let leadCount = 0;

  async function record<C, S, E extends { type: string; data: object }>(
    streamId: string, decider: Decider<C, S, E>, stream: Stream<S>, command: C, occurredAt: string, actor: string,
  ): Promise<number> {
    let decided: E[];
    try {
      decided = decider.decide(command, stream.state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusals[error.code] = (refusals[error.code] ?? 0) + 1;
      return -1;
    }
    if (decided.length === 0) return 0;
    const correlationId = uuid();
    const events: NewEvent[] = decided.map((e) => ({
      eventId: uuid(), type: e.type, schemaVersion: SCHEMA_VERSION, occurredAt, data: e.data as Record<string, unknown>,
      metadata: { actor, source: random.chance(0.5) ? 'http' : `kafka:${actor}`, correlationId, causationId: correlationId },
    }));
    const expected: ExpectedRevision = stream.revision ?? 'no_stream';
    const result = await store.append(streamId, events, expected);
    stream.revision = result.revision;
    stream.state = decided.reduce(decider.evolve, stream.state);
    for (const e of decided) byType[e.type] = (byType[e.type] ?? 0) + 1;
    total += decided.length;
    appends++;
    if ((appends & 255) === 0) options.onProgress?.(total);
    return decided.length;
  }

  const iso = (ms: number) => new Date(ms).toISOString();
  const amount = (min: number, max: number) => random.int(min * 100, max * 100);

  async function registerLead(partner: PartnerSim, at: string): Promise<void> {
    // Mostly new customer projects; sometimes one another partner already holds.
    const customer = random.int(1, customers);
    const project = random.pick(PROJECTS);
    const key = opportunityKey(`C-${customer}`, project);
    const leadId = `L${(++leadCount).toString(36)}`;
    const opportunity: Stream<OpportunityState> & { state: OpportunityState } = { state: opportunities.get(key) ?? {}, revision: opportunities.has(key) ? 0n : undefined };
    const claimed = await record<OpportunityCommand, OpportunityState, OpportunityEvent>(
      streams.opportunity(key), opportunityDecider, opportunity, { type: 'ClaimOpportunity', opportunityKey: key, leadId, partnerId: partner.id }, at, ACTORS.lead,
    );
    if (claimed <= 0) return; // refused: first to register wins
    opportunities.set(key, opportunity.state);
    const lead: Stream<LeadState> = { state: leadD.initialState, revision: undefined };
    const estimated = amount(1_000, 250_000);
    const added = await record<LeadCommand, LeadState, LeadEvent>(streams.lead(leadId), leadD, lead, {
      type: 'RegisterLead', leadId, partnerId: partner.id, customer: { id: `C-${customer}`, name: `Customer ${customer}` }, project, opportunityKey: key,
      estimatedValue: { minor: estimated, currency: 'EUR' }, occurredAt: at,
    }, at, ACTORS.lead);
    if (added > 0) {
      leads.set(leadId, lead);
      partner.openLeads.push(leadId);
      if (partner.openLeads.length > 40) partner.openLeads.shift(); // a lead left open for good
    }
    partner.events += 2;
  }

  async function winDeal(partner: PartnerSim, at: string): Promise<void> {
    const index = random.int(0, partner.openLeads.length - 1);
    const leadId = partner.openLeads[index]!;
    partner.openLeads[index] = partner.openLeads[partner.openLeads.length - 1]!;
    partner.openLeads.pop();
    const lead = leads.get(leadId)!;
    leads.delete(leadId);
    const lineCount = random.int(1, 3);
    const won = amount(500, 150_000);
    const lines = [];
    let left = won;
    for (let i = 0; i < lineCount; i++) {
      const productLine = i === 0 && random.chance(0.6) ? 'utm' : random.pick(rules.productLines);
      const revenue = i === lineCount - 1 ? left : Math.floor(left * (0.3 + random.next() * 0.4));
      left -= revenue;
      lines.push({ productLine, product: random.pick(PRODUCTS[productLine]!), revenue: { minor: revenue, currency: 'EUR' }, margin: { minor: Math.floor(revenue * (0.05 + random.next() * 0.3)), currency: 'EUR' } });
    }
    await record<LeadCommand, LeadState, LeadEvent>(streams.lead(leadId), leadD, lead, {
      type: 'WinDeal', leadId, amount: { minor: won, currency: 'EUR' }, lines, occurredAt: at,
    }, at, ACTORS.lead);
    partner.events += 1;
  }

  async function onPartner(partner: PartnerSim, command: PartnerCommand, at: string, actor: string): Promise<void> {
    const added = await record<PartnerCommand, PartnerState, PartnerEvent>(streams.partner(partner.id), partnerD, partner.stream, command, at, actor);
    partner.events += Math.max(0, added);
  }

  const monthWeights = Array.from({ length: options.months }, (_, m) => 0.8 + (0.4 * m) / Math.max(1, options.months - 1));
  const weightSum = monthWeights.reduce((a, b) => a + b, 0);

  for (let m = 0; m < options.months && total < options.events; m++) {
    const year = start.year + Math.floor((start.month + m) / 12);
    const month = (((start.month + m) % 12) + 12) % 12;
    const monthStart = Date.UTC(year, month, 1);
    const length = MONTH_MS(year, month);
    const budget = m === options.months - 1 ? options.events : Math.min(options.events, total + Math.round((options.events * monthWeights[m]!) / weightSum));

    // Newcomers register in the first days of the month.
    const joining = partners.filter((_, i) => joinMonth[i] === m || (m === options.months - 1 && joinMonth[i]! > m));
    for (const [n, partner] of joining.entries()) {
      const place = random.pick(COUNTRIES);
      const i = partners.indexOf(partner);
      await onPartner(partner, {
        type: 'RegisterPartner', partnerId: partner.id, name: `Partner ${partner.id}`, typology: TYPOLOGIES[i % TYPOLOGIES.length]!,
        territory: random.chance(0.85) ? { country: place.country, region: random.pick(place.regions) } : { country: place.country },
        occurredAt: iso(monthStart + Math.floor((n / Math.max(1, joining.length)) * 5 * 86_400_000)),
      }, iso(monthStart + Math.floor((n / Math.max(1, joining.length)) * 5 * 86_400_000)), ACTORS.partner);
      registered.push(i);
    }
    if (joining.length) rebuildCumulative();
    if (registered.length === 0) continue;

    // Facts through the month, in time order; ~1.6 events per command on average.
    const commands = Math.max(1, (budget - total) / 1.6);
    const step = length / commands;
    let clock = monthStart + 5 * 86_400_000 * (m === 0 ? 1 : 0);
    while (total < budget) {
      clock = Math.min(monthStart + length - 1000, clock + step * (0.5 + random.next()));
      // A few facts reach the ledger late: they happened up to two months earlier.
      const late = random.chance(0.02) ? random.int(1, 60) * 86_400_000 : 0;
      const at = iso(Math.max(Date.UTC(start.year, start.month, 1), clock - late));
      const partner = pickPartner();
      const r = random.next();
      if (r < 0.36) await registerLead(partner, at);
      else if (r < 0.56) {
        if (partner.openLeads.length) await winDeal(partner, at);
        else await registerLead(partner, at);
      } else if (r < 0.8) {
        await onPartner(partner, {
          type: 'AwardIncentive', partnerId: partner.id, incentiveId: `I${uuid().slice(-10)}`,
          recipient: { personId: `${partner.id}-p${random.int(1, partner.engineers + 3)}`, name: `Person ${random.int(1, 999)}`, role: random.pick(INCENTIVE_ROLES) },
          kind: random.chance(0.5) ? 'voucher' : random.pick(INCENTIVE_KINDS), value: { minor: amount(50, 3_000), currency: 'EUR' },
          reason: random.pick(REASONS), ...(random.chance(0.3) ? { challengeId: `CH-${year}-Q${Math.floor(month / 3) + 1}` } : {}), occurredAt: at,
        }, at, ACTORS.incentive);
      } else if (r < 0.97) {
        const engineer = random.int(1, partner.engineers);
        const productLine = random.chance(0.35) ? 'utm' : random.pick(rules.productLines);
        await onPartner(partner, {
          type: 'EarnCertification', partnerId: partner.id, engineerId: `${partner.id}-e${engineer}`, engineerName: `Engineer ${engineer}`, productLine,
          expiresAt: iso(Date.parse(at) + random.int(180, 730) * 86_400_000), occurredAt: at,
        }, at, ACTORS.certification);
      } else {
        await onPartner(partner, { type: 'ExpireCertifications', partnerId: partner.id, asOf: at, occurredAt: at }, at, ACTORS.certification);
      }
    }
  }
  options.onProgress?.(total);
  await store.close();

  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const tiers: Record<string, number> = {};
  for (const p of partners) if (p.stream.state.registered) tiers[p.stream.state.tier] = (tiers[p.stream.state.tier] ?? 0) + 1;
  const periods = Array.from({ length: options.months }, (_, m) => {
    const year = start.year + Math.floor((start.month + m) / 12);
    const month = (((start.month + m) % 12) + 12) % 12;
    return `${year}-${String(month + 1).padStart(2, '0')}`;
  });
  return {
    events: total,
    appends,
    seconds,
    eventsPerSecond: total / seconds,
    partnerIds: partners.filter((p) => p.stream.state.registered).map((p) => p.id),
    busiestPartnerIds: [...partners].sort((a, b) => b.events - a.events).slice(0, 20).map((p) => p.id),
    periods,
    byType,
    refusals,
    tiers,
  };
}

export const eventsFile = (dataDir: string) => join(dataDir, 'events.sqlite');
export const readModelsFile = (dataDir: string) => join(dataDir, 'read-models.sqlite');
