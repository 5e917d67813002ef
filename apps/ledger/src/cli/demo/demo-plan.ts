import { defaultProgramRules, formatAmount, opportunityKey, ProgramRules, Tier, tierFor, TYPOLOGIES, Typology } from '@ledger/domain';
import type {
  AwardIncentiveBody, EarnCertificationBody, ExpireCertificationsBody, RegisterLeadBody, RegisterPartnerBody, WinDealBody,
} from '../../contracts/commands.schemas';
import {
  COUNTRIES, customerName, DEAL_MEDIAN, guaranteedMargin, INCENTIVE_REASONS, KIND_VALUE, KIND_WEIGHTS, partnerName, personName,
  productsOf, PROJECT_TYPES, ROLE_WEIGHTS, TYPOLOGY_WEIGHTS,
} from './demo-catalog';
import { DemoRandom } from './demo-random';

/**
 * The demo plan: a seed in, an endless, reproducible sequence of command descriptions out.
 * Pure (no Nest, no clock, no I/O): the runner executes the commands through the ledger's
 * command bus; tests read the plan directly.
 *
 * The plan keeps a small model of each partner (open leads, certifications held, tier) so
 * that it only wins leads it registered, renews or lets lapse the certifications it earned,
 * and knows how many events each command should record. Memory is per partner, never per
 * event: a plan of a million events holds no more than one of ten thousand.
 */

export interface DemoPlanOptions {
  seed: number;
  partners: number;
  /** The event target: it sets how densely the commands fill the window. */
  events: number;
  /** The window is the `months` months ending at `until`. */
  months: number;
  /** ISO-8601 end of the window; default: a fixed date derived from the seed (never the clock). */
  until?: string;
  /** The program (product lines, flagship, currency); default: the reference program in EUR. */
  rules?: ProgramRules;
}

interface Planned {
  /** Position in the plan, from 0. */
  seq: number;
  /** Derived from the plan's parameters and `seq`: a re-run records nothing twice. */
  idempotencyKey: string;
  /** When the source sends it, in the demo's time (occurredAt may be earlier: a late event). */
  at: string;
  /** The command runs after every earlier command sharing one of these keys (same partner, same customer project). */
  keys: string[];
  /** The events the ledger answers with, as the plan's model of the partner predicts. */
  expectedEvents: number;
  /** An upper bound of the events it can record, for the runner to stop exactly at the target. */
  maxEvents: number;
  /** Set on deliberate conflicts: the refusal the program must answer with. */
  expectedRefusal?: 'LEAD_ALREADY_REGISTERED';
  /** occurredAt falls in an earlier month than `at`. */
  late: boolean;
}

export type DemoCommand = Planned &
  (
    | { type: 'RegisterPartner'; partnerId: string; body: RegisterPartnerBody & { partnerId: string; occurredAt: string } }
    | { type: 'RegisterLead'; partnerId: string; body: RegisterLeadBody & { leadId: string; occurredAt: string } }
    | { type: 'WinDeal'; partnerId: string; leadId: string; body: WinDealBody & { occurredAt: string } }
    | { type: 'EarnCertification'; partnerId: string; body: EarnCertificationBody & { occurredAt: string } }
    | { type: 'ExpireCertifications'; partnerId: string; body: ExpireCertificationsBody & { asOf: string; occurredAt: string } }
    | { type: 'AwardIncentive'; partnerId: string; body: AwardIncentiveBody & { occurredAt: string } }
  );

export type DemoCommandType = DemoCommand['type'];

const DAY = 86_400_000;
const MAX_SEED = 0x7fffffff;

export interface DemoWindow {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** The demo's time window: `months` months ending at `until`, or at a date the seed picks. */
export function demoWindow(options: Pick<DemoPlanOptions, 'seed' | 'months' | 'until'>): DemoWindow {
  const until = options.until !== undefined ? Date.parse(options.until) : Date.UTC(2025, 5, 1, 18) + (options.seed % 365) * DAY;
  if (!Number.isFinite(until)) throw new RangeError(`until: not a date: ${options.until}`);
  const endMs = Math.floor(until / 1000) * 1000;
  const startMs = addMonths(endMs, -options.months);
  return { start: iso(startMs), end: iso(endMs), startMs, endMs };
}

/** Names one plan: every idempotency key starts with it. Another size or window is another plan. */
export function demoPlanId(options: DemoPlanOptions): string {
  const { end } = demoWindow(options);
  return `demo:${options.seed}:${options.partners}p:${options.events}e:${options.months}m:${end.replace(/[-:]/g, '')}`;
}

export function validateDemoOptions(options: DemoPlanOptions): void {
  const whole = (name: string, value: number, min: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  };
  whole('seed', options.seed, 0, MAX_SEED);
  whole('partners', options.partners, 1, 1_000_000);
  whole('events', options.events, 1, 1_000_000_000);
  whole('months', options.months, 1, 240);
  demoWindow(options);
}

/** The plan itself: an endless iterable; the runner stops pulling at its event target. */
export function demoPlan(options: DemoPlanOptions): Iterable<DemoCommand> {
  validateDemoOptions(options);
  return { [Symbol.iterator]: () => new DemoWorld(options).commands() };
}

// ---------------------------------------------------------------------------------------

type Ambition = 'none' | 'silver' | 'gold' | 'platinum';

interface Seat {
  engineerId: string;
  productLine: string;
}

interface Held extends Seat {
  expiresAt?: number;
  /** Whether the partner renews it before it lapses. */
  renew: boolean;
}

interface OpenLead {
  leadId: string;
  estimateMinor: number;
  registeredAt: number;
}

interface PartnerModel {
  id: string;
  index: number;
  typology: Typology;
  /** Relative share of the activity (1, 2, 4 or 8). */
  activity: number;
  loyalty: number;
  engineers: number;
  salespeople: number;
  /** The certifications it aims to hold; the tier follows from what it actually holds. */
  seats: Seat[];
  held: Held[];
  tier: Tier;
  openLeads: OpenLead[];
  registeredAt: number;
  /** The certifications it would take now, until `until` (cleared when `held` or `seats` change). */
  candidates?: { seats: Seat[]; until: number };
}

interface RecentRegistration {
  partnerId: string;
  customerId: string;
  customerName: string;
  project: string;
}

const FOUNDING_SHARE = 0.4; // of the partners are in the network when the window opens
const LAST_JOIN = 0.7; // the others join before 70% of the history
const CONFLICT_RATE = 0.07; // of lead registrations take a customer project another partner holds
const LATE_RATE = 0.04; // of leads, wins and incentives are reported one to three months late
const RENEWAL_NOTICE = 60 * DAY; // a certification is renewed in the 60 days before it lapses
const MAX_OPEN_LEADS = 10; // per partner; older ones are lost deals
const RECENT_REGISTRATIONS = 256;
const FIRST_AMBITIONS: Ambition[] = ['platinum', 'gold', 'silver', 'none', 'gold', 'platinum', 'silver', 'gold'];

class DemoWorld {
  private readonly random: DemoRandom;
  private readonly rules: ProgramRules;
  private readonly window: DemoWindow;
  private readonly planId: string;
  private readonly prefix: string;
  private readonly partners: PartnerModel[] = [];
  private readonly recent: RecentRegistration[] = [];
  private seq = 0;
  private leadSeq = 0;
  private predicted = 0;
  private now: number;
  private nextSweep: number;

  constructor(private readonly options: DemoPlanOptions) {
    this.random = new DemoRandom(options.seed);
    this.rules = options.rules ?? defaultProgramRules();
    this.window = demoWindow(options);
    this.planId = demoPlanId(options);
    this.prefix = `demo${options.seed}`;
    this.now = this.window.startMs;
    const first = new Date(this.window.startMs);
    this.nextSweep = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1, 2);
  }

  *commands(): Generator<DemoCommand, never, undefined> {
    for (;;) {
      const t = this.advance();
      while (this.nextSweep <= t && this.nextSweep <= this.window.endMs) {
        yield* this.sweep(this.nextSweep);
        const d = new Date(this.nextSweep);
        this.nextSweep = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 2);
      }
      if (this.partners.length < this.options.partners && (this.partners.length === 0 || this.joinsAt(this.partners.length) <= this.progress())) {
        yield this.registerPartner(t);
        continue;
      }
      yield this.activity(this.pickPartner(), t);
    }
  }

  // --- time -----------------------------------------------------------------------------

  private progress(): number {
    return Math.min(1, this.predicted / this.options.events);
  }

  /** Demo time follows the share of the event target planned so far, never the clock. */
  private advance(): number {
    const span = this.window.endMs - this.window.startMs;
    const base = this.window.startMs + this.progress() * span + this.random.next() * (span / this.options.events);
    this.now = Math.min(this.window.endMs, Math.max(this.now, Math.floor(base / 1000) * 1000));
    return this.now;
  }

  private joinsAt(index: number): number {
    const founding = Math.ceil(this.options.partners * FOUNDING_SHARE);
    return index < founding ? 0 : (LAST_JOIN * (index - founding + 1)) / (this.options.partners - founding + 1);
  }

  /** One to three months earlier, for a late event; never before `floor`. */
  private occurredAt(t: number, floor: number): { occurredAt: number; late: boolean } {
    if (!this.random.chance(LATE_RATE)) return { occurredAt: t, late: false };
    const earlier = Math.min(t, Math.max(floor, this.window.startMs, t - this.random.int(35, 100) * DAY - this.random.int(0, 86_399) * 1000));
    return { occurredAt: earlier, late: monthIndex(earlier) < monthIndex(t) };
  }

  // --- commands -------------------------------------------------------------------------

  private planned(at: number, keys: string[], expectedEvents: number, maxEvents: number, late = false): Planned {
    this.predicted += expectedEvents;
    const seq = this.seq++;
    return { seq, idempotencyKey: `${this.planId}:${seq}`, at: iso(at), keys, expectedEvents, maxEvents, late };
  }

  private registerPartner(t: number): DemoCommand {
    const r = this.random;
    const index = this.partners.length;
    const id = `${this.prefix}-p${pad(index + 1, 5)}`;
    const typology = index < TYPOLOGIES.length ? TYPOLOGIES[index]! : r.weighted(TYPOLOGY_WEIGHTS);
    const [country, , regions] = COUNTRIES[r.weighted(COUNTRIES.map(([, w], i) => [i, w] as const))]!;
    const region = regions.length > 0 && r.chance(0.6) ? r.pick(regions) : undefined;
    const ambition: Ambition = index < FIRST_AMBITIONS.length
      ? FIRST_AMBITIONS[index]!
      : r.weighted<Ambition>([['none', 25], ['silver', 30], ['gold', 33], ['platinum', 12]]);
    let activity: number = r.weighted([[1, 40], [2, 30], [4, 20], [8, 10]] as const);
    if (ambition === 'platinum') activity = Math.max(activity, 4);
    if (ambition === 'gold') activity = Math.max(activity, 2);
    const seats = this.seatsFor(id, ambition);
    const engineers = Math.max(1, ...seats.map((s) => Number(s.engineerId.slice(s.engineerId.lastIndexOf('-e') + 2)) + 1)) + r.int(0, 2);
    const partner: PartnerModel = {
      id, index, typology, activity, seats, engineers,
      loyalty: 0.3 + 0.6 * r.next(),
      salespeople: r.int(1, 4),
      held: [],
      tier: 'none',
      openLeads: [],
      registeredAt: t,
    };
    this.partners.push(partner);
    const body = {
      partnerId: id,
      name: partnerName(typology, r.int(0, 1000), r.int(0, 1000)),
      typology,
      territory: region ? { country, region } : { country },
      occurredAt: iso(t),
    };
    return { ...this.planned(t, [partnerKey(id)], 1, 1), type: 'RegisterPartner', partnerId: id, body };
  }

  /** The certifications a partner of this ambition works towards (flagship seats first). */
  private seatsFor(partnerId: string, ambition: Ambition): Seat[] {
    const r = this.random;
    const { flagshipLine, productLines, platinumEngineers } = this.rules;
    const others = productLines.filter((l) => l !== flagshipLine);
    const engineer = (n: number) => `${partnerId}-e${n + 1}`;
    const seat = (n: number, productLine: string): Seat => ({ engineerId: engineer(n), productLine });
    switch (ambition) {
      case 'none':
        return r.chance(0.5) && others.length > 0 ? [seat(0, r.pick(others))] : [];
      case 'silver':
        return Array.from({ length: r.int(1, 2) }, (_, n) => seat(n, flagshipLine));
      case 'gold': {
        const flagship = Array.from({ length: r.int(1, 2) }, (_, n) => seat(n, flagshipLine));
        const extra = r.shuffle([...others]).slice(0, r.int(1, 3)).map((line) => seat(r.int(0, 2), line));
        return [...flagship, ...extra];
      }
      case 'platinum': {
        const flagship = Array.from({ length: platinumEngineers }, (_, n) => seat(n, flagshipLine));
        const rest = r.shuffle(Array.from({ length: platinumEngineers }, (_, n) => others.map((line) => seat(n, line))).flat());
        return [...flagship, ...rest, ...Array.from({ length: r.int(0, 2) }, (_, n) => seat(platinumEngineers + n, flagshipLine))];
      }
    }
  }

  /** A partner drawn in proportion to its activity. */
  private pickPartner(): PartnerModel {
    for (;;) {
      const partner = this.random.pick(this.partners);
      if (this.random.next() * 8 < partner.activity) return partner;
    }
  }

  private activity(partner: PartnerModel, t: number): DemoCommand {
    const r = this.random;
    const renewals = this.certificationCandidates(partner, t);
    const action = r.weighted([
      ['lead', partner.typology === 'wholesaler' ? 18 : partner.typology === 'prescriber' ? 22 : 28],
      ['win', partner.openLeads.length === 0 ? 0 : partner.typology === 'prescriber' ? 8 : 16],
      ['certification', renewals.length === 0 ? 0 : partner.seats.length > 10 ? 30 : 18],
      ['incentive', 16],
    ] as const);
    switch (action) {
      case 'lead':
        return this.registerLead(partner, t);
      case 'win':
        return this.winDeal(partner, t);
      case 'certification':
        return this.earnCertification(partner, t, renewals);
      case 'incentive':
        return this.awardIncentive(partner, t);
    }
  }

  private registerLead(partner: PartnerModel, t: number): DemoCommand {
    const r = this.random;
    const leadId = `${this.prefix}-l${pad(++this.leadSeq, 7)}`;
    const taken = this.recent.length > 0 && r.chance(CONFLICT_RATE) ? r.pick(this.recent) : undefined;
    const estimateMinor = this.dealMinor(partner.typology);
    const when = this.occurredAt(t, partner.registeredAt + 3_600_000);
    const estimatedValue = { amount: formatAmount(estimateMinor), currency: this.rules.currency };

    if (taken && taken.partnerId !== partner.id) {
      // The same customer project, written differently: case is ignored, so it is refused.
      const customer = { id: taken.customerId.toUpperCase(), name: taken.customerName };
      const project = r.chance(0.5) ? taken.project.toLowerCase() : taken.project;
      const key = opportunityKey(customer.id, project);
      const body = { leadId, customer, project, estimatedValue, occurredAt: iso(when.occurredAt) };
      return {
        ...this.planned(t, [partnerKey(partner.id), `opportunity:${key}`], 0, 1, when.late),
        expectedRefusal: 'LEAD_ALREADY_REGISTERED',
        type: 'RegisterLead', partnerId: partner.id, body,
      };
    }

    const n = r.int(0, Math.max(50, this.options.partners * 3) - 1);
    const customer = { id: `${this.prefix}-c${pad(n, 6)}`, name: customerName(n) };
    const project = `${r.pick(PROJECT_TYPES)} ${new Date(when.occurredAt).getUTCFullYear()} #${this.leadSeq}`;
    const registration = { partnerId: partner.id, customerId: customer.id, customerName: customer.name, project };
    if (this.recent.length < RECENT_REGISTRATIONS) this.recent.push(registration);
    else this.recent[this.leadSeq % RECENT_REGISTRATIONS] = registration;
    partner.openLeads.push({ leadId, estimateMinor, registeredAt: when.occurredAt });
    if (partner.openLeads.length > MAX_OPEN_LEADS) partner.openLeads.shift(); // lost
    const body = { leadId, customer, project, estimatedValue, occurredAt: iso(when.occurredAt) };
    return {
      ...this.planned(t, [partnerKey(partner.id), `opportunity:${opportunityKey(customer.id, project)}`], 1, 1, when.late),
      type: 'RegisterLead', partnerId: partner.id, body,
    };
  }

  private winDeal(partner: PartnerModel, t: number): DemoCommand {
    const r = this.random;
    const [lead] = partner.openLeads.splice(r.int(0, partner.openLeads.length - 1), 1);
    const { leadId, estimateMinor, registeredAt } = lead!;
    const lineCount = r.weighted([[1, 45], [2, 35], [3, 15], [4, partner.typology === 'wholesaler' ? 15 : 5]] as const);
    const amountMinor = Math.max(lineCount * 100, Math.round(estimateMinor * (0.75 + 0.4 * r.next())));
    const { flagshipLine, productLines } = this.rules;
    const lines = r.shuffle(productLines.filter((l) => l !== flagshipLine));
    if (r.chance(0.6)) lines.unshift(flagshipLine);
    else lines.splice(r.int(0, lines.length), 0, flagshipLine);
    const chosen = lines.slice(0, lineCount);
    const weights = chosen.map(() => 0.3 + r.next());
    const total = weights.reduce((a, b) => a + b, 0);
    let rest = amountMinor;
    const dealLines = chosen.map((productLine, i) => {
      const revenue = i === chosen.length - 1 ? rest : Math.max(100, Math.floor((amountMinor * weights[i]!) / total));
      rest -= revenue;
      // Mostly at or above the guaranteed margin; a few lines drift below it (the observatory flags them).
      const rate = guaranteedMargin(productLine) * (r.chance(0.07) ? 0.3 + 0.65 * r.next() : 1 + 0.6 * r.next());
      return {
        productLine,
        product: r.pick(productsOf(productLine)),
        revenue: formatAmount(revenue),
        margin: formatAmount(Math.min(revenue, Math.round(revenue * rate))),
      };
    });
    const when = this.occurredAt(t, registeredAt + DAY);
    const body = { amount: formatAmount(amountMinor), currency: this.rules.currency, lines: dealLines, occurredAt: iso(when.occurredAt) };
    return { ...this.planned(t, [partnerKey(partner.id)], 1, 1, when.late), type: 'WinDeal', partnerId: partner.id, leadId, body };
  }

  /**
   * Seats not held, and held ones the partner renews within 60 days of their expiry. Kept
   * until what the partner holds changes or a renewal comes due.
   */
  private certificationCandidates(partner: PartnerModel, t: number): Seat[] {
    if (partner.candidates && t < partner.candidates.until) return partner.candidates.seats;
    let until = Infinity;
    const seats = partner.seats.filter((seat) => {
      const held = partner.held.find((h) => sameSeat(h, seat));
      if (held === undefined) return true;
      if (!held.renew || held.expiresAt === undefined) return false;
      const renewFrom = held.expiresAt - RENEWAL_NOTICE;
      if (renewFrom <= t) return true;
      until = Math.min(until, renewFrom);
      return false;
    });
    partner.candidates = { seats, until };
    return seats;
  }

  private earnCertification(partner: PartnerModel, t: number, candidates: Seat[]): DemoCommand {
    const r = this.random;
    const seat = r.chance(0.7) ? candidates[0]! : r.pick(candidates);
    const validity = r.weighted([[12, 55], [24, 35], [0, 10]] as const);
    const expiresAt = validity === 0 ? undefined : addMonths(t, validity);
    const maxEvents = partner.held.length + 2;
    // As the program does: what has lapsed by now expires first, then the new one counts.
    let events = this.expire(partner, t);
    partner.held = [...partner.held.filter((h) => !sameSeat(h, seat)), { ...seat, expiresAt, renew: r.chance(partner.loyalty) }];
    partner.candidates = undefined;
    events += 1 + this.retier(partner);
    const number = Number(seat.engineerId.slice(seat.engineerId.lastIndexOf('-e') + 2));
    const body = {
      engineerId: seat.engineerId,
      engineerName: personName(partner.index * 7 + number, partner.index * 3 + number * 5),
      productLine: seat.productLine,
      occurredAt: iso(t),
      ...(expiresAt !== undefined ? { expiresAt: iso(expiresAt) } : {}),
    };
    return { ...this.planned(t, [partnerKey(partner.id)], events, maxEvents), type: 'EarnCertification', partnerId: partner.id, body };
  }

  /** The nightly job at the start of each month: expire what has lapsed, partner by partner. */
  private *sweep(asOf: number): Generator<DemoCommand> {
    for (const partner of this.partners) {
      if (!partner.held.some((h) => isDue(h, asOf))) continue;
      const maxEvents = partner.held.length + 1;
      const events = this.expire(partner, asOf);
      const body = { asOf: iso(asOf), occurredAt: iso(asOf) };
      yield { ...this.planned(asOf, [partnerKey(partner.id)], events, maxEvents), type: 'ExpireCertifications', partnerId: partner.id, body };
    }
  }

  /** Drops what is due by `asOf` from the model; the events the program records for it. */
  private expire(partner: PartnerModel, asOf: number): number {
    const due = partner.held.filter((h) => isDue(h, asOf));
    if (due.length === 0) return 0;
    partner.held = partner.held.filter((h) => !isDue(h, asOf));
    partner.candidates = undefined;
    for (const lapsed of due) {
      // A certification left to lapse is sometimes not taken again: the partner gives up that seat.
      if (!lapsed.renew && this.random.chance(0.5)) partner.seats = partner.seats.filter((s) => !sameSeat(s, lapsed));
    }
    return due.length + this.retier(partner);
  }

  private retier(partner: PartnerModel): number {
    const tier = tierFor(partner.held, this.rules);
    if (tier === partner.tier) return 0;
    partner.tier = tier;
    return 1;
  }

  private awardIncentive(partner: PartnerModel, t: number): DemoCommand {
    const r = this.random;
    const role = r.weighted(ROLE_WEIGHTS);
    const kind = r.weighted(KIND_WEIGHTS);
    const person = role === 'sales' ? r.int(1, partner.salespeople) : r.int(1, partner.engineers);
    const personId = `${partner.id}-${role === 'sales' ? 's' : 'e'}${person}`;
    const [min, max] = KIND_VALUE[kind];
    const cents = kind === 'goodies' || kind === 'trip' ? r.int(0, 99) : 0;
    const valueMinor = r.int(min, max) * 100 + cents;
    const when = this.occurredAt(t, partner.registeredAt + 3_600_000);
    const date = new Date(when.occurredAt);
    const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
    const line = r.pick(this.rules.productLines);
    const challenge = r.chance(0.6);
    const why = r.pick(INCENTIVE_REASONS[role]);
    const body = {
      recipient: { personId, name: personName(partner.index * 7 + person + (role === 'sales' ? 11 : 0), partner.index * 3 + person * 5), role },
      kind,
      value: { amount: formatAmount(valueMinor), currency: this.rules.currency },
      reason: challenge ? `${date.getUTCFullYear()} Q${quarter} ${line} challenge: ${why}` : `Spot award: ${why}`,
      ...(challenge ? { challengeId: `ch-${date.getUTCFullYear()}q${quarter}-${line}` } : {}),
      occurredAt: iso(when.occurredAt),
    };
    return { ...this.planned(t, [partnerKey(partner.id)], 1, 1, when.late), type: 'AwardIncentive', partnerId: partner.id, body };
  }

  private dealMinor(typology: Typology): number {
    const euros = this.random.logNormal(DEAL_MEDIAN[typology], 0.8, 300, 5_000_000);
    return Math.round(euros) * 100 + this.random.int(0, 99);
  }
}

const partnerKey = (partnerId: string) => `partner:${partnerId}`;
const sameSeat = (a: Seat, b: Seat) => a.engineerId === b.engineerId && a.productLine === b.productLine;
/** The program's rule: due when the expiry is at or before `asOf`. */
const isDue = (h: Held, asOf: number) => h.expiresAt !== undefined && h.expiresAt <= asOf;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** ISO-8601 in UTC, to the second. */
export function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Months since year 0, for comparing calendar months (UTC). */
export function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The same day `months` later (or earlier), on the month's last day when it is shorter. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.getTime();
}
