import {
  AccrueCoop, ApproveCoopClaim, availableCoop, ClawBackCoop, CoopClaimEvent, coopClaimIdDecider, CoopClaimIdState, coopRulesOf, RejectCoopClaim, ReverseDeal, streams,
  SubmitCoopClaim, AwardIncentive, defaultProgramRules, DomainError, EarnCertification, ExpireCertifications, ExpireLead, ExtendLeadProtection, IssueSanction,
  isLeadClosed, LeadClosed, LeadEvent, leadDecider, LeadRegistration, leadRegistrationWorkflow, LeadState, LiftSuspension, LoseLead, Money, opportunityDecider,
  OpportunityEvent, opportunityKey, OpportunityState, PartnerCommand, partnerDecider, PartnerEvent, PartnerState, ProgramEvent, programDecider, ProgramState,
  ProgramRules, PublishedRules, PublishProgramRules, RegisterPartner, ReevaluateTier, releaseFor, rulesInForce, TYPOLOGIES, Typology, WinDeal,
  ChallengeEvent, challengeDecider, ChallengeState, CreateChallenge, ENGAGEMENT_KINDS, INCENTIVE_ROLES, monthsOf, ObjectiveEvent, objectiveDecider,
  ObjectiveTargets, periodBounds, quarterOf, RecordEngagement, SetPartnerObjective, SetTypologyObjective, CHALLENGE_METRICS,
} from '@ledger/domain';
import { addMonths, DAY, iso, monthIndex } from './calendar';
import {
  CLAIM_REJECTIONS, COOP_ACTIVITY_WEIGHTS, COOP_SPEND, COUNTRIES, customerName, DEAL_MEDIAN, guaranteedMargin, REVERSAL_REASONS, INCENTIVE_REASONS, KIND_VALUE, KIND_WEIGHTS, partnerName, personName,
  productsOf, PROJECT_TYPES, ROLE_WEIGHTS, TYPOLOGY_WEIGHTS,
} from './catalog';
import { SeededRandom } from './seeded-random';
import { hasMoneyRules, withMoneyRules } from './money-rules';

/**
 * Partner histories from a seed: an endless, reproducible sequence of facts, each a domain
 * command and what the domain decided for it. Pure (no Nest, no clock, no I/O).
 *
 * The simulator decides every command with the real deciders and workflows of
 * @ledger/domain against the state it folded so far (partner, lead and opportunity
 * streams), so tiers, expiries and "first to register wins" come from the domain alone;
 * what is simulated is only what partners intend: which certifications they aim for and
 * renew, which leads they register and win (and now and then reverse), what they award, what
 * co-op spend they claim and which claims the channel team approves. Consumers either send the
 * commands through the ledger (`npm run demo`) or append the decided events straight to an
 * event store (`npm run bench`).
 *
 * Memory is per partner, never per event: the simulator keeps each partner's state, its
 * open leads' states, and the opportunity streams of the last registrations (the only
 * ones a later registration deliberately takes again; every other registration names a
 * customer project of its own, whose stream is new).
 */

export interface HistoryOptions {
  seed: number;
  partners: number;
  /** The event target: it sets how densely the commands fill the window (see `counting`). */
  events: number;
  /** The window is the `months` months ending at `until`. */
  months: number;
  /** ISO-8601 end of the window; default: a fixed date derived from the seed (never the clock). */
  until?: string;
  /** The program (product lines, flagship, currency); default: the reference program in EUR. */
  rules?: ProgramRules;
  /** Starts every partner, lead, customer and incentive id; default `sim<seed>`. */
  idPrefix?: string;
  /**
   * What the event target counts: `answered` (default), the events of each command's own
   * stream, as the ledger answers the command; `recorded`, every event decided, the
   * customer projects' claims included, as the event store ends up holding them.
   */
  counting?: 'answered' | 'recorded';
  /**
   * Also the program's life (the demo's): a second version of the rules published partway
   * (stricter Silver and Gold, a shorter lead protection, and the money rules: minimum margins
   * and the co-op budget), published at 20% of the window and taking effect at 30% of it,
   * every partner's tier re-evaluated then; leads extended, lost, and expired at each monthly
   * sweep; yellow and red cards on a few partners and one suspension lifted. Default off
   * (the bench appends the decided events itself and keeps the plain history). Also two
   * partners' own quarterly targets and engagements (seminars, trainings, … with ratings).
   * Every history, lifecycle or not, has every typology's targets for each month, quarter
   * and year of the window, and each quarter's challenges.
   */
  lifecycle?: boolean;
  /**
   * When the co-op accruals and clawbacks that follow wins and reversals are on the partner's
   * stream (the ledger's reactor appends them; the simulator decides them as facts marked
   * `byLedger`, right after the fact they follow). `immediate` (default, the bench's: it appends
   * them itself): claims may spend them at once. `eventual` (the demo's: the ledger's reactor
   * records them whenever it gets to them, perhaps after the demo): claims spend only what
   * the partner's stream holds whatever the reactor did, its launch grant less its claims, so
   * that every claim is decided the same however late the accruals come.
   */
  accruals?: 'immediate' | 'eventual';
}

/** A registration request as the lead registration workflow takes it. */
export type RegisterLeadRequest = { readonly type: 'RegisterLead' } & LeadRegistration;

/** The partner commands a history is made of (loyalty cards only with `lifecycle`: an admin's decision, and rare). */
export type SimulatedPartnerCommand = PartnerCommand;

/** A lead's expiry, as the due-work sweep decides it for one lead: occurring at `asOf`. */
export type ExpireLeadRequest = ExpireLead & { readonly occurredAt: string };

/** A version of the program's rules, published at `occurredAt` (it takes effect at its effectiveFrom). */
export type PublishProgramRulesRequest = PublishProgramRules & { readonly occurredAt: string };

/** A command as a client sends it (the ledger derives the rest, e.g. the opportunity key). */
/** A typology's targets for a period, set by the channel team (with `lifecycle`). */
export type SetTypologyObjectiveRequest = SetTypologyObjective & { readonly occurredAt: string };

/** A challenge, created when its quarter opens: one per product line, on the quarter's activity. */
export type CreateChallengeRequest = CreateChallenge & { readonly occurredAt: string };

export type SimulatedCommand =
  | SimulatedPartnerCommand | RegisterLeadRequest | WinDeal | ReverseDeal | ExtendLeadProtection | LoseLead | ExpireLeadRequest | PublishProgramRulesRequest
  | SetTypologyObjectiveRequest | CreateChallengeRequest;

/** The commands the ledger gives itself (its co-op reactor's), never a client: facts marked `byLedger`. */
export type LedgerOwnCommand = AccrueCoop | ClawBackCoop;

export type SimulatedEvent = PartnerEvent | LeadEvent | OpportunityEvent | ProgramEvent | ObjectiveEvent | ChallengeEvent | CoopClaimEvent;

/** One append the ledger makes for a command: events decided for one stream. */
export interface SimulatedAppend {
  streamId: string;
  /** The stream's last revision before the append; undefined for a new stream. */
  revision: number | undefined;
  events: SimulatedEvent[];
}

export interface SimulatedFact<C extends SimulatedCommand = SimulatedCommand> {
  /** Position in the history, from 0. */
  seq: number;
  /** When the source sends it (occurredAt may be earlier: a late fact). */
  at: string;
  /** occurredAt falls in an earlier month than `at`. */
  late: boolean;
  /** The partner it belongs to. */
  partnerId: string;
  /** Facts sharing a key (same partner, same customer project) must be recorded in this order. */
  keys: string[];
  command: C;
  /** What the domain decided, in the order the ledger appends it (a registration's claim first); empty when refused. */
  appends: SimulatedAppend[];
  /** The refusal's code when the domain refused the command (deliberate conflicts: LEAD_ALREADY_REGISTERED). */
  refusal?: string;
  /** The events of the command's own stream: what the ledger answers the command with. */
  expectedEvents: number;
  /** An upper bound of `expectedEvents` known before deciding, for a runner to stop exactly at a target. */
  maxEvents: number;
  /**
   * The ledger's own fact, not a client's: its co-op reactor's accrual or clawback, following
   * the win or reversal just before it (no one sends it, no one is answered: expectedEvents 0).
   */
  byLedger?: true;
}

export type SimulatedFactOf<T extends SimulatedCommand['type']> = SimulatedFact<Extract<SimulatedCommand, { type: T }>>;

export interface HistoryWindow {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

const MAX_SEED = 0x7fffffff;

/** The history's time window: `months` months ending at `until`, or at a date the seed picks. */
export function historyWindow(options: Pick<HistoryOptions, 'seed' | 'months' | 'until'>): HistoryWindow {
  const until = options.until !== undefined ? Date.parse(options.until) : Date.UTC(2025, 5, 1, 18) + (options.seed % 365) * DAY;
  if (!Number.isFinite(until)) throw new RangeError(`until: not a date: ${options.until}`);
  const endMs = Math.floor(until / 1000) * 1000;
  const startMs = addMonths(endMs, -options.months);
  return { start: iso(startMs), end: iso(endMs), startMs, endMs };
}

export function validateHistoryOptions(options: HistoryOptions): void {
  const whole = (name: string, value: number, min: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  };
  whole('seed', options.seed, 0, MAX_SEED);
  whole('partners', options.partners, 1, 1_000_000);
  whole('events', options.events, 1, 1_000_000_000);
  whole('months', options.months, 1, 240);
  historyWindow(options);
}

/** The history itself: an endless iterable; the consumer stops pulling at its target. */
export function simulateHistory(options: HistoryOptions): Iterable<SimulatedFact> {
  validateHistoryOptions(options);
  return { [Symbol.iterator]: () => new PartnerWorld(options).facts() };
}

// ---------------------------------------------------------------------------------------

type Ambition = 'none' | 'silver' | 'gold' | 'platinum';

interface Seat {
  engineerId: string;
  productLine: string;
}

interface OpenLead {
  leadId: string;
  estimateMinor: number;
  registeredAt: number;
  state: LeadState;
  /** Its stream's last revision. */
  revision: number;
}

/** One version of the rules and the deciders built on it. */
interface Deciders {
  rules: ProgramRules;
  partner: ReturnType<typeof partnerDecider>;
  lead: ReturnType<typeof leadDecider>;
  registration: ReturnType<typeof leadRegistrationWorkflow>;
}

interface Stream<S> {
  state: S;
  revision: number | undefined;
}

/** A won deal the partner may still reverse: its lead's stream, and what its accrual was decided by. */
interface WonDealHeld {
  leadId: string;
  wonAt: string;
  stream: Stream<LeadState>;
}

interface PartnerModel {
  id: string;
  index: number;
  typology: Typology;
  ambition: Ambition;
  /** Relative share of the activity (1, 2, 4 or 8). */
  activity: number;
  loyalty: number;
  engineers: number;
  salespeople: number;
  /** The certifications it aims to hold; the tier follows from what the domain says it holds. */
  seats: Seat[];
  /** Its stream, as the partner decider folds it. */
  stream: Stream<PartnerState>;
  /** For each certification held (by seat), whether the partner renews it before it lapses. */
  renews: Map<string, boolean>;
  openLeads: OpenLead[];
  registeredAt: number;
  /** Its last won deals, which it may still reverse (a few, never every one). */
  wins: WonDealHeld[];
  /** Its co-op claims waiting for the channel team's decision, oldest first. */
  pendingClaims: string[];
  /** Its last approved claims, which a lead may name as the activity that brought it. */
  approvedClaims: string[];
  /** The certifications it would take now, until `until` (cleared when what it holds or aims for changes). */
  candidates?: { seats: Seat[]; until: number };
}

interface RecentRegistration {
  leadId: string;
  /** Its lead was won: the project is held for good (one lost or expired is given back). */
  won?: boolean;
  partnerId: string;
  customerId: string;
  customerName: string;
  project: string;
  opportunityKey: string;
}

const FOUNDING_SHARE = 0.4; // of the partners are in the network when the window opens
const LAST_JOIN = 0.7; // the others join before 70% of the history
const CONFLICT_RATE = 0.07; // of lead registrations take a customer project another partner holds
const LATE_RATE = 0.04; // of leads, wins and incentives are reported one to three months late
const RENEWAL_NOTICE = 60 * DAY; // a certification is renewed in the 60 days before it lapses
const MAX_OPEN_LEADS = 10; // per partner; older ones are lost deals
const RECENT_REGISTRATIONS = 256;
// With `lifecycle`: when the program's life happens, as shares of the window.
const YELLOW_CARDS_AT = 0.25; // partners 2, 3 and 4 get a yellow card
const RED_CARDS_AT = 0.35; // partners 2 and 3 offend again: red cards, suspended
// Early enough that most of the window has the money rules, and partners joining later a launch grant to claim.
const PUBLISH_AT = 0.2; // version 2 of the rules is published…
const LIFT_AT = 0.42; // partner 3's suspension is lifted
const TARGET_WIN_SHARE = 0.12; // of a partner's facts are won deals, about
const TARGET_LEAD_SHARE = 0.22; // …and lead registrations
const PARTNER_OBJECTIVES_AT = 0.02; // two founding partners are set targets of their own
const EFFECTIVE_AT = 0.3; // …and takes effect here (a midnight), tiers re-evaluated
const LOSS_REASONS = ['customer chose a competitor', 'project cancelled', 'budget frozen', 'no decision'];
const EXTENSION_REASONS = ['customer decision postponed', 'tender extended', 'proof of concept running'];
const FIRST_AMBITIONS: Ambition[] = ['platinum', 'gold', 'silver', 'none', 'gold', 'platinum', 'silver', 'gold'];
const WINS_HELD = 4; // per partner: the won deals it may still reverse
const REVERSAL_WEIGHT = 1; // against a win's 16: about one deal in 16 is reversed, in part or whole
const CLAIM_WEIGHT = 5; // while a partner has co-op budget to spend (against a win's 16)
const MIN_CLAIM = 100_00; // a claim asks for 100.00 or more
const APPROVAL_RATE = 0.8; // of claims decided; the others are rejected
const OVERSIZED_CLAIM_RATE = 0.15; // of the claims of a partner that can only spend its grant: more than is left, refused
const ATTRIBUTION_RATE = 0.2; // of a partner's leads name one of its approved claims, when it has one

class PartnerWorld {
  private readonly random: SeededRandom;
  private readonly rules: ProgramRules;
  /** The versions of the rules the history is decided by, oldest first (a second one with `lifecycle`). */
  private readonly versions: ProgramRules[];
  private readonly programs = new Map<number, Deciders>();
  /** With `lifecycle`: what happens once, at a time, oldest first. */
  private readonly agenda: { at: number; facts: (at: number) => Iterable<SimulatedFact> }[] = [];
  private readonly window: HistoryWindow;
  private readonly prefix: string;
  private readonly partners: PartnerModel[] = [];
  private readonly recent: RecentRegistration[] = [];
  /** The opportunity streams of the recent registrations, by key. */
  private readonly opportunities = new Map<string, Stream<OpportunityState>>();
  /** Challenges by id: one per product line and quarter, created when the quarter opens. */
  private readonly challenges = new Map<string, Stream<ChallengeState>>();
  private nextQuarter: number;
  private nextMonth: number;
  /** Each typology's objectives stream. */
  private readonly objectiveStreams = new Map<Typology, Stream<null>>();
  /** The ledger's own facts (its reactor's), yielded right after the fact they follow. */
  private readonly following: SimulatedFact[] = [];
  private seq = 0;
  private claimSeq = 0;
  private reversalSeq = 0;
  private engagementSeq = 0;
  private leadSeq = 0;
  private incentiveSeq = 0;
  private predicted = 0;
  private now: number;
  private nextSweep: number;

  constructor(private readonly options: HistoryOptions) {
    this.random = new SeededRandom(options.seed);
    this.rules = options.rules ?? defaultProgramRules();
    this.window = historyWindow(options);
    this.versions = [this.rules];
    if (options.lifecycle) this.plan();
    else if (!hasMoneyRules(this.rules)) {
      // The money rules from the window's start, published as the history's first fact: version 1 has none.
      const money: ProgramRules = { ...withMoneyRules(this.rules), version: this.rules.version + 1, effectiveFrom: iso(this.window.startMs) };
      this.agenda.push({ at: this.window.startMs, facts: (t) => [this.publish(money, t)] });
    }
    this.prefix = options.idPrefix ?? `sim${options.seed}`;
    this.now = this.window.startMs;
    const first = new Date(this.window.startMs);
    this.nextSweep = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1, 2);
    this.nextQuarter = this.window.startMs; // the window's own quarter opens with it
    this.nextMonth = this.window.startMs;
  }

  *facts(): Generator<SimulatedFact, never, undefined> {
    for (;;) {
      const t = this.advance();
      // Every history has its typologies' targets, set as each period opens, so that scorecards have attainment to show.
      while (this.nextMonth <= t && this.nextMonth <= this.window.endMs) {
        yield* this.typologyObjectives(this.nextMonth);
        this.nextMonth = Date.parse(periodBounds(monthOf(this.nextMonth)).to);
      }
      while (this.nextQuarter <= t && this.nextQuarter <= this.window.endMs) {
        yield* this.openChallenges(this.nextQuarter);
        this.nextQuarter = Date.parse(periodBounds(quarterOf(monthOf(this.nextQuarter))).to);
      }
      while (this.nextSweep <= t && this.nextSweep <= this.window.endMs) {
        yield* this.sweep(this.nextSweep);
        const d = new Date(this.nextSweep);
        this.nextSweep = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 2);
      }
      while (this.agenda.length > 0 && this.agenda[0]!.at <= t) {
        const next = this.agenda.shift()!;
        yield* next.facts(next.at);
      }
      if (this.partners.length < this.options.partners && (this.partners.length === 0 || this.joinsAt(this.partners.length) <= this.progress())) {
        yield this.registerPartner(t);
        continue;
      }
      yield this.activity(this.pickPartner(), t);
      while (this.following.length > 0) yield this.following.shift()!;
    }
  }

  /** The deciders of the version in force at `at`: a fact is judged by the rules in force when it occurred. */
  private program(at: string): Deciders {
    const rules = rulesInForce(this.versions, at) ?? this.versions[0]!;
    let deciders = this.programs.get(rules.version);
    if (!deciders) {
      deciders = { rules, partner: partnerDecider(rules), lead: leadDecider(rules), registration: leadRegistrationWorkflow(rules) };
      this.programs.set(rules.version, deciders);
    }
    return deciders;
  }

  // --- time -----------------------------------------------------------------------------

  private progress(): number {
    return Math.min(1, this.predicted / this.options.events);
  }

  /** Simulated time follows the share of the event target decided so far, never the clock. */
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

  /** One to three months earlier, for a late fact; never before `floor`. */
  private occurredAt(t: number, floor: number): { occurredAt: number; late: boolean } {
    if (!this.random.chance(LATE_RATE)) return { occurredAt: t, late: false };
    const earlier = Math.min(t, Math.max(floor, this.window.startMs, t - this.random.int(35, 100) * DAY - this.random.int(0, 86_399) * 1000));
    return { occurredAt: earlier, late: monthIndex(earlier) < monthIndex(t) };
  }

  // --- deciding -------------------------------------------------------------------------

  private fact<C extends SimulatedCommand>(
    at: number, partnerId: string, keys: string[], command: C, own: SimulatedAppend | undefined, maxEvents: number,
    extra: { late?: boolean; appends?: SimulatedAppend[]; refusal?: string; byLedger?: true } = {},
  ): SimulatedFact<C> {
    const appends = extra.appends ?? (own ? [own] : []);
    const expectedEvents = extra.byLedger ? 0 : own?.events.length ?? 0;
    this.predicted += this.options.counting === 'recorded' ? appends.reduce((n, a) => n + a.events.length, 0) : expectedEvents;
    return {
      seq: this.seq++, at: iso(at), late: extra.late ?? false, partnerId, keys, command, appends,
      ...(extra.refusal !== undefined ? { refusal: extra.refusal } : {}),
      expectedEvents, maxEvents: extra.byLedger ? 0 : maxEvents,
      ...(extra.byLedger ? { byLedger: true as const } : {}),
    };
  }

  /** Decides a command on a stream and folds what it decided; the append, or the refusal. */
  private decide<C, S, E extends SimulatedEvent>(
    decider: { decide(command: C, state: S): E[]; evolve(state: S, event: E): S }, streamId: string, stream: Stream<S>, command: C,
  ): SimulatedAppend {
    const events = decider.decide(command, stream.state);
    const append: SimulatedAppend = { streamId, revision: stream.revision, events };
    if (events.length > 0) {
      stream.state = events.reduce((state, event) => decider.evolve(state, event), stream.state);
      stream.revision = (stream.revision ?? -1) + events.length;
    }
    return append;
  }

  private decidePartner(partner: PartnerModel, command: PartnerCommand): SimulatedAppend {
    return this.decide(this.program(command.occurredAt).partner, `partner-${partner.id}`, partner.stream, command);
  }

  private held(partner: PartnerModel) {
    return partner.stream.state.registered ? partner.stream.state.certifications : [];
  }

  // --- facts ----------------------------------------------------------------------------

  private registerPartner(t: number): SimulatedFact {
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
    const engineers = Math.max(1, ...seats.map((s) => engineerNumber(s.engineerId) + 1)) + r.int(0, 2);
    const partner: PartnerModel = {
      id, index, typology, ambition, activity, seats, engineers, wins: [], pendingClaims: [], approvedClaims: [],
      loyalty: 0.3 + 0.6 * r.next(),
      salespeople: r.int(1, 4),
      stream: { state: this.program(iso(t)).partner.initialState, revision: undefined },
      renews: new Map(),
      openLeads: [],
      registeredAt: t,
    };
    this.partners.push(partner);
    const command: RegisterPartner = {
      type: 'RegisterPartner',
      partnerId: id,
      name: partnerName(typology, r.int(0, 1000), r.int(0, 1000)),
      typology,
      territory: region ? { country, region } : { country },
      occurredAt: iso(t),
    };
    return this.fact(t, id, [partnerKey(id)], command, this.decidePartner(partner, command), 2); // its launch grant with it, under co-op rules
  }

  /** The certifications a partner of this ambition works towards (flagship seats first). */
  private seatsFor(partnerId: string, ambition: Ambition): Seat[] {
    const r = this.random;
    const { flagshipLine, productLines } = this.rules;
    const platinumEngineers = this.rules.tiers.platinum.engineersCertifiedOnEveryLine ?? 1;
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

  private activity(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const renewals = this.certificationCandidates(partner, t);
    const lifecycle = this.options.lifecycle === true;
    // Leads still protected and not extended as often as the program allows can be extended. (Never one
    // more time on purpose: the refusal would be EXTENSION_LIMIT_REACHED the first run, but LEAD_NOT_OPEN on a
    // run again once the lead is closed later in the plan.)
    const maxExtensions = lifecycle ? this.program(iso(t)).rules.maxLeadExtensions : 0;
    const extendable = lifecycle
      ? partner.openLeads.filter((l) => l.state.status === 'open' && Date.parse(l.state.protectedUntil) > t && l.state.extensions < maxExtensions)
      : [];
    const action = r.weighted([
      ['lead', partner.typology === 'wholesaler' ? 18 : partner.typology === 'prescriber' ? 22 : 28],
      ['win', partner.openLeads.length === 0 ? 0 : partner.typology === 'prescriber' ? 8 : 16],
      ['certification', renewals.length === 0 ? 0 : partner.seats.length > 10 ? 30 : 18],
      ['incentive', 16],
      ['extend', extendable.length === 0 ? 0 : 3],
      ['lose', lifecycle && partner.openLeads.length > 0 ? 4 : 0],
      ['engagement', lifecycle ? 5 : 0],
      ['reverse', partner.wins.length === 0 ? 0 : REVERSAL_WEIGHT],
      ['claim', this.claimWeight(partner)],
      ['decide', partner.pendingClaims.length === 0 ? 0 : 2 * CLAIM_WEIGHT],
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
      case 'extend':
        return this.extendLead(partner, t, extendable);
      case 'engagement':
        return this.recordEngagement(partner, t);
      case 'reverse':
        return this.reverseDeal(partner, t);
      case 'claim':
        return this.submitCoopClaim(partner, t);
      case 'decide':
        return this.decideCoopClaim(partner, t);
      case 'lose': {
        const lead = r.pick(partner.openLeads);
        return this.closeLead(partner, lead, { type: 'LoseLead', leadId: lead.leadId, reason: r.pick(LOSS_REASONS), occurredAt: iso(t) }, t);
      }
    }
  }

  // --- the program's life (with `lifecycle`) --------------------------------------------

  /** What happens once: cards, version 2 of the rules, the tiers re-evaluated when it takes effect. */
  private plan(): void {
    const { startMs, endMs } = this.window;
    const at = (share: number) => startMs + Math.floor((share * (endMs - startMs)) / 1000) * 1000;
    const effective = Math.floor(at(EFFECTIVE_AT) / DAY) * DAY;
    const base = this.rules;
    const two = (n: number | undefined) => Math.max(2, n ?? 0);
    // Stricter, and with the money rules (minimum margins, co-op budget) version 1 lacks.
    const next: ProgramRules = {
      ...withMoneyRules(base),
      version: base.version + 1,
      effectiveFrom: iso(effective),
      // Stricter: Silver and Gold take two flagship engineers; leads are protected for two thirds as long.
      tiers: {
        ...base.tiers,
        silver: { ...base.tiers.silver, flagshipEngineers: two(base.tiers.silver.flagshipEngineers) },
        gold: { ...base.tiers.gold, flagshipEngineers: two(base.tiers.gold.flagshipEngineers) },
      },
      leadProtectionDays: Math.max(1, Math.round((base.leadProtectionDays * 2) / 3)),
    };
    this.agenda.push(
      { at: at(YELLOW_CARDS_AT), facts: (t) => this.sanctions([1, 2, 3], t, 'took a registered lead to a competitor') },
      { at: at(RED_CARDS_AT), facts: (t) => this.sanctions([1, 2], t, 'took another registered lead to a competitor') },
      { at: at(PUBLISH_AT), facts: (t) => [this.publish(next, t)] },
      { at: at(LIFT_AT), facts: (t) => this.lift(2, t) },
      { at: effective, facts: (t) => this.reevaluate(t) },
      { at: at(PARTNER_OBJECTIVES_AT), facts: (t) => this.partnerObjectives([0, 1], t) },
    );
    this.agenda.sort((a, b) => a.at - b.at);
  }

  /** The periods the window touches, months, quarters and years, each once. */
  private periods(): string[] {
    const months: string[] = [];
    for (let m = monthIndex(this.window.startMs); m <= monthIndex(this.window.endMs); m++) months.push(`${pad(Math.floor(m / 12), 4)}-${pad((m % 12) + 1, 2)}`);
    return [...new Set(months.flatMap((month) => [month, quarterOf(month), month.slice(0, 4)]))];
  }

  /**
   * Every typology's targets for the month opening at `t`, and for its quarter and year when
   * they open with it (or the window does): a quarter's three months' worth, a year's twelve.
   */
  private *typologyObjectives(t: number): Generator<SimulatedFact> {
    const month = monthOf(t);
    const opening = t === this.window.startMs;
    const periods = [
      month,
      ...(opening || quarterOf(month) !== quarterOf(monthOf(t - DAY)) ? [quarterOf(month)] : []),
      ...(opening || month.endsWith('-01') ? [month.slice(0, 4)] : []),
    ];
    for (const typology of TYPOLOGIES) {
      let stream = this.objectiveStreams.get(typology);
      if (!stream) this.objectiveStreams.set(typology, (stream = { state: null, revision: undefined }));
      for (const period of periods) {
        const command: SetTypologyObjectiveRequest = {
          type: 'SetTypologyObjective', typology, period, targets: this.monthlyTargets(typology, monthsOf(period).length), occurredAt: iso(t),
        };
        yield this.fact(t, '', [`objectives:${typology}`], command, this.decide(objectiveDecider(this.rules.currency), `objectives-${typology}`, stream, command), 1);
      }
    }
  }

  /** A few partners are set their own, higher, quarterly targets: they override their typology's. */
  private *partnerObjectives(indices: number[], t: number): Generator<SimulatedFact> {
    for (const i of indices) {
      const partner = this.partners[i];
      if (!partner?.stream.state.registered) continue;
      for (const period of this.periods().filter((p) => p.includes('-Q'))) {
        const base = this.monthlyTargets(partner.typology, 3);
        const targets: ObjectiveTargets = { ...base, revenueWon: { ...base.revenueWon!, minor: Math.round(base.revenueWon!.minor * 1.5) } };
        const command: SetPartnerObjective = { type: 'SetPartnerObjective', partnerId: partner.id, period, targets, occurredAt: iso(t) };
        yield this.fact(t, partner.id, [partnerKey(partner.id)], command, this.decidePartner(partner, command), 1);
      }
    }
  }

  /**
   * What a partner of a typology is expected to do in `months` months, from how dense the
   * history is (facts per partner and month) and how often a partner of the typology
   * registers and wins: about what an average partner does, so that some reach 100% and many
   * do not.
   */
  private monthlyTargets(typology: Typology, months: number): ObjectiveTargets {
    const density = this.options.events / this.options.partners / this.options.months;
    const share = typology === 'wholesaler' ? 1.3 : typology === 'prescriber' ? 0.6 : 1;
    const deals = density * TARGET_WIN_SHARE * share * months;
    return {
      revenueWon: { minor: Math.max(100_00, Math.round(deals * DEAL_MEDIAN[typology]) * 100), currency: this.rules.currency },
      dealsWon: Math.max(1, Math.round(deals)),
      leadsRegistered: Math.max(1, Math.round(density * TARGET_LEAD_SHARE * share * months)),
      certifiedEngineers: typology === 'prescriber' ? 1 : 2,
    };
  }

  /** The quarter's challenges, one per product line, each ranking partners by one metric, open to every role. */
  private *openChallenges(t: number): Generator<SimulatedFact> {
    const quarter = quarterOf(monthOf(t));
    const { from, to } = periodBounds(quarter);
    for (const [n, line] of this.rules.productLines.entries()) {
      const challengeId = challengeIdOf(this.prefix, quarter, line);
      const stream: Stream<ChallengeState> = { state: challengeDecider.initialState, revision: undefined };
      const command: CreateChallengeRequest = {
        type: 'CreateChallenge', challengeId, name: `${quarter} ${line} challenge`, from, to,
        metric: CHALLENGE_METRICS[n % CHALLENGE_METRICS.length]!, eligibleRoles: [...INCENTIVE_ROLES], occurredAt: iso(t),
      };
      const append = this.decide(challengeDecider, `challenge-${challengeId}`, stream, command);
      this.challenges.set(challengeId, stream);
      yield this.fact(t, '', [`challenge:${challengeId}`], command, append, 1);
    }
  }

  private recordEngagement(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const kind = r.pick(ENGAGEMENT_KINDS);
    const command: RecordEngagement = {
      type: 'RecordEngagement',
      partnerId: partner.id,
      engagementId: `${this.prefix}-g${pad(++this.engagementSeq, 7)}`,
      kind,
      name: `${kind.replace('-', ' ')} ${monthOf(t)}`,
      attendees: r.int(1, 12),
      ...(r.chance(0.8) ? { satisfaction: r.int(25, 50) / 10 } : {}),
      occurredAt: iso(t),
    };
    return this.fact(t, partner.id, [partnerKey(partner.id)], command, this.decidePartner(partner, command), 1);
  }

  private publish(next: ProgramRules, t: number): SimulatedFact {
    const { version: _version, currency: _currency, ...rules } = next;
    const published = this.versions.map(({ currency: _c, ...v }) => v);
    const stream: Stream<ProgramState> = { state: { versions: published }, revision: published.length - 1 };
    const command: PublishProgramRulesRequest = { type: 'PublishProgramRules', rules: rules as PublishedRules, occurredAt: iso(t) };
    const append = this.decide(programDecider, 'program', stream, command);
    this.versions.push(next);
    return this.fact(t, '', ['program'], command, append, 1);
  }

  private *sanctions(indices: number[], t: number, reason: string): Generator<SimulatedFact> {
    for (const i of indices) {
      const partner = this.partners[i];
      if (!partner?.stream.state.registered) continue;
      const leadId = partner.openLeads[0]?.leadId;
      const command: IssueSanction = { type: 'IssueSanction', partnerId: partner.id, reason, ...(leadId !== undefined ? { leadId } : {}), occurredAt: iso(t) };
      yield this.fact(t, partner.id, [partnerKey(partner.id)], command, this.decidePartner(partner, command), 2);
    }
  }

  private *lift(index: number, t: number): Generator<SimulatedFact> {
    const partner = this.partners[index];
    if (!partner?.stream.state.registered) return;
    const command: LiftSuspension = { type: 'LiftSuspension', partnerId: partner.id, reason: 'appeal upheld: the customer had left on its own', occurredAt: iso(t) };
    try {
      yield this.fact(t, partner.id, [partnerKey(partner.id)], command, this.decidePartner(partner, command), 1);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // not suspended (too few partners for a red card): nothing to lift
    }
  }

  /** Every partner's tier judged again by the version in force at `asOf`, where it changes something. */
  private *reevaluate(asOf: number): Generator<SimulatedFact> {
    for (const partner of this.partners) {
      if (!partner.stream.state.registered) continue;
      const command: ReevaluateTier = { type: 'ReevaluateTier', partnerId: partner.id, asOf: iso(asOf), occurredAt: iso(asOf) };
      if (this.program(command.occurredAt).partner.decide(command, partner.stream.state).length === 0) continue;
      const maxEvents = this.held(partner).length + 2; // what lapsed, the tier change it causes, the re-evaluation's
      const append = this.decidePartner(partner, command);
      this.lapsed(partner, append);
      yield this.fact(asOf, partner.id, [partnerKey(partner.id)], command, append, maxEvents);
    }
  }

  /** A lead's commands run after the earlier ones of its partner and of its customer project. */
  private leadKeys(partner: PartnerModel, lead: OpenLead): string[] {
    return lead.state.status === 'unregistered' ? [partnerKey(partner.id)] : [partnerKey(partner.id), `opportunity:${lead.state.opportunityKey}`];
  }

  private extendLead(partner: PartnerModel, t: number, extendable: OpenLead[]): SimulatedFact {
    const lead = this.random.pick(extendable);
    const command: ExtendLeadProtection = { type: 'ExtendLeadProtection', leadId: lead.leadId, reason: this.random.pick(EXTENSION_REASONS), occurredAt: iso(t) };
    const stream: Stream<LeadState> = { state: lead.state, revision: lead.revision };
    try {
      const append = this.decide(this.program(command.occurredAt).lead, `lead-${lead.leadId}`, stream, command);
      lead.state = stream.state;
      lead.revision = stream.revision!;
      return this.fact(t, partner.id, this.leadKeys(partner, lead), command, append, 1);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.fact(t, partner.id, this.leadKeys(partner, lead), command, undefined, 1, { refusal: error.code });
    }
  }

  /** A lead lost or expired: its stream decides, then its customer project is released (when the simulator still follows it). */
  private closeLead(partner: PartnerModel, lead: OpenLead, command: LoseLead | ExpireLeadRequest, t: number): SimulatedFact {
    partner.openLeads.splice(partner.openLeads.indexOf(lead), 1);
    const keys = this.leadKeys(partner, lead);
    const stream: Stream<LeadState> = { state: lead.state, revision: lead.revision };
    const own = this.decide(this.program(command.occurredAt).lead, `lead-${lead.leadId}`, stream, command);
    const appends = [own];
    const closed = (own.events as LeadEvent[]).find(isLeadClosed);
    if (closed) {
      const step = releaseFor(closed as LeadClosed);
      const opportunity = this.opportunities.get(closed.data.opportunityKey);
      if (opportunity) appends.push(this.decide(opportunityDecider, step.streamId, opportunity, step.command));
    }
    return this.fact(t, partner.id, keys, command, own, 1, { appends });
  }

  /** At each monthly sweep: the open leads whose protection has run out by `asOf` expire (as POST /leads/expire-due does). */
  private *expireLeads(asOf: number): Generator<SimulatedFact> {
    for (const partner of this.partners) {
      for (const lead of [...partner.openLeads]) {
        if (lead.state.status !== 'open' || Date.parse(lead.state.protectedUntil) > asOf) continue;
        yield this.closeLead(partner, lead, { type: 'ExpireLead', leadId: lead.leadId, asOf: iso(asOf), occurredAt: iso(asOf) }, asOf);
      }
    }
  }

  private registerLead(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const leadId = `${this.prefix}-l${pad(++this.leadSeq, 7)}`;
    // With lifecycle, only a won lead's project: one lost or expired later is free again, and a run
    // of the same plan again would find it free where the first was refused (and record it).
    const pool = this.options.lifecycle ? this.recent.filter((registration) => registration.won) : this.recent;
    const taken = pool.length > 0 && r.chance(CONFLICT_RATE) ? r.pick(pool) : undefined;
    const estimatedValue: Money = { minor: this.dealMinor(partner.typology), currency: this.rules.currency };
    const when = this.occurredAt(t, partner.registeredAt + 3_600_000);
    const occurredAt = iso(when.occurredAt);
    // Some leads came from a co-op activity the partner ran: they name its claim (ROI per activity).
    const coopClaimId = partner.approvedClaims.length > 0 && r.chance(ATTRIBUTION_RATE) ? r.pick(partner.approvedClaims) : undefined;
    const attributed = coopClaimId !== undefined ? { coopClaimId } : {};

    if (taken && taken.partnerId !== partner.id) {
      // The same customer project, written differently: case is ignored, so the domain refuses it.
      const customer = { id: taken.customerId.toUpperCase(), name: taken.customerName };
      const project = r.chance(0.5) ? taken.project.toLowerCase() : taken.project;
      return this.runRegistration(partner, t, { type: 'RegisterLead', leadId, partnerId: partner.id, customer, project, estimatedValue, ...attributed, occurredAt }, when.late);
    }

    const n = r.int(0, Math.max(50, this.options.partners * 3) - 1);
    const customer = { id: `${this.prefix}-c${pad(n, 6)}`, name: customerName(n) };
    // A project of its own: the lead number makes it a customer project no one registered yet.
    const project = `${r.pick(PROJECT_TYPES)} ${new Date(when.occurredAt).getUTCFullYear()} #${this.leadSeq}`;
    return this.runRegistration(partner, t, { type: 'RegisterLead', leadId, partnerId: partner.id, customer, project, estimatedValue, ...attributed, occurredAt }, when.late);
  }

  /** First to register wins, as the ledger runs it: the domain's registration workflow, claim then lead. */
  private runRegistration(partner: PartnerModel, t: number, request: RegisterLeadRequest, late: boolean): SimulatedFact {
    const key = opportunityKey(request.customer.id, request.project);
    const keys = [partnerKey(partner.id), `opportunity:${key}`];
    const opportunity = this.opportunities.get(key) ?? { state: opportunityDecider.initialState, revision: undefined };
    const program = this.program(request.occurredAt);
    const lead: Stream<LeadState> = { state: program.lead.initialState, revision: undefined }; // lead ids are never reused
    const appends: SimulatedAppend[] = [];
    try {
      program.registration.admit(request, partner.stream.state);
      const plan = program.registration.plan(request, lead.state);
      if (plan.claim) appends.push(this.decide(opportunityDecider, plan.claim.streamId, opportunity, plan.claim.command));
      appends.push(this.decide(program.lead, plan.register.streamId, lead, plan.register.command));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.fact(t, partner.id, keys, request, undefined, 1, { late, appends: [], refusal: error.code });
    }

    const registration: RecentRegistration = { leadId: request.leadId, partnerId: partner.id, customerId: request.customer.id, customerName: request.customer.name, project: request.project, opportunityKey: key };
    if (this.recent.length < RECENT_REGISTRATIONS) this.recent.push(registration);
    else {
      const slot = this.leadSeq % RECENT_REGISTRATIONS;
      const evicted = this.recent[slot]!.opportunityKey;
      this.recent[slot] = registration;
      // A project released and registered again is listed twice: its stream stays while one is.
      if (!this.recent.some((r) => r.opportunityKey === evicted)) this.opportunities.delete(evicted);
    }
    this.opportunities.set(key, opportunity);
    partner.openLeads.push({ leadId: request.leadId, estimateMinor: request.estimatedValue.minor, registeredAt: Date.parse(request.occurredAt), state: lead.state, revision: lead.revision! });
    if (partner.openLeads.length > MAX_OPEN_LEADS) partner.openLeads.shift(); // lost
    return this.fact(t, partner.id, keys, request, appends[appends.length - 1], 1, { late, appends });
  }

  private winDeal(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const [lead] = partner.openLeads.splice(r.int(0, partner.openLeads.length - 1), 1);
    const { leadId, estimateMinor, registeredAt } = lead!;
    const lineCount = r.weighted([[1, 45], [2, 35], [3, 15], [4, partner.typology === 'wholesaler' ? 15 : 5]] as const);
    const amountMinor = Math.max(lineCount * 100, Math.round(estimateMinor * (0.75 + 0.4 * r.next())));
    const { flagshipLine, productLines, currency } = this.rules;
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
        revenue: { minor: revenue, currency },
        margin: { minor: Math.min(revenue, Math.round(revenue * rate)), currency },
      };
    });
    const when = this.occurredAt(t, registeredAt + DAY);
    const command: WinDeal = { type: 'WinDeal', leadId, amount: { minor: amountMinor, currency }, lines: dealLines, occurredAt: iso(when.occurredAt) };
    const stream: Stream<LeadState> = { state: lead!.state, revision: lead!.revision };
    if (this.options.lifecycle) {
      const registration = this.recent.find((recent) => recent.leadId === leadId);
      if (registration) registration.won = true;
    }
    // The win, and with it the alerts of its lines below the minimum margin, when there is one.
    const won = this.fact(t, partner.id, [partnerKey(partner.id)], command, this.decide(this.program(command.occurredAt).lead, `lead-${leadId}`, stream, command), 1 + dealLines.length, { late: when.late });
    partner.wins.push({ leadId, wonAt: command.occurredAt, stream });
    if (partner.wins.length > WINS_HELD) partner.wins.shift();
    // What the ledger's reactor then asks of the partner's stream: tier at the win, rules in force when it occurred.
    const accrual: AccrueCoop = {
      type: 'AccrueCoop', partnerId: partner.id, leadId, revenue: command.amount, tier: this.tierOf(partner), wonAt: command.occurredAt, occurredAt: command.occurredAt,
    };
    this.byLedger(t, partner, accrual, command.occurredAt);
    return won;
  }

  /** A win or reversal's follow-up on the partner's stream, as the ledger's reactor decides it (when it records anything). */
  private byLedger(t: number, partner: PartnerModel, command: LedgerOwnCommand, wonAt: string): void {
    const decider = this.program(wonAt).partner;
    if (decider.decide(command, partner.stream.state).length === 0) return;
    const append = this.decide(decider, `partner-${partner.id}`, partner.stream, command);
    this.following.push(this.fact(t, partner.id, [partnerKey(partner.id)], command, append, 0, { byLedger: true }));
  }

  private tierOf(partner: PartnerModel) {
    return partner.stream.state.registered ? partner.stream.state.tier : 'none';
  }

  /** A won deal cancelled, or part of it refunded; its co-op accrual clawed back in proportion. */
  private reverseDeal(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const deal = r.pick(partner.wins);
    const won = deal.stream.state.status === 'won' ? deal.stream.state.deal! : undefined;
    const remaining = won ? won.amount.minor - won.reversed : 0;
    // Mostly a partial refund (a tenth to a half of what remains), sometimes the whole deal cancelled.
    const whole = remaining < 2 || r.chance(0.35);
    const amount = whole ? undefined : { minor: Math.max(1, Math.floor(remaining * (0.1 + 0.4 * r.next()))), currency: this.rules.currency };
    const command: ReverseDeal = {
      type: 'ReverseDeal', leadId: deal.leadId, reversalId: `${this.prefix}-r${pad(++this.reversalSeq, 7)}`, ...(amount ? { amount } : {}), reason: r.pick(REVERSAL_REASONS), occurredAt: iso(t),
    };
    const append = this.decide(this.program(command.occurredAt).lead, `lead-${deal.leadId}`, deal.stream, command);
    if (whole) partner.wins.splice(partner.wins.indexOf(deal), 1);
    const reversed = append.events[0];
    const keys = deal.stream.state.status === 'unregistered' ? [partnerKey(partner.id)] : [partnerKey(partner.id), `opportunity:${deal.stream.state.opportunityKey}`];
    const fact = this.fact(t, partner.id, keys, command, append, 1);
    if (reversed?.type === 'DealReversed') {
      const clawBack: ClawBackCoop = {
        type: 'ClawBackCoop', partnerId: partner.id, leadId: deal.leadId, reversalId: command.reversalId, totalReversed: reversed.data.totalReversed, occurredAt: command.occurredAt,
      };
      this.byLedger(t, partner, clawBack, deal.wonAt);
    }
    return fact;
  }

  // --- the co-op budget -----------------------------------------------------------------

  /**
   * What the partner may claim, whatever the ledger's reactor recorded by then: with
   * `eventual` accruals, its grant less what it claimed (accruals and their clawbacks come in
   * order, so a clawback never precedes its accrual: they never take the balance below that).
   */
  private claimable(partner: PartnerModel): number {
    if (!partner.stream.state.registered) return 0;
    const coop = partner.stream.state.coop;
    return this.options.accruals === 'eventual' ? coop.granted - coop.approved - coop.pending : availableCoop(coop);
  }

  /**
   * A partner that will never accrue anything (no tier to reach, the rules give tier none
   * nothing): what it can ever spend is its grant less what was approved, so a claim above
   * that is refused now and on any run again, whatever was recorded since.
   */
  private spendsOnlyItsGrant(partner: PartnerModel): boolean {
    return partner.ambition === 'none' && this.tierOf(partner) === 'none' && this.versions.every((v) => Number(coopRulesOf(v).ratesByTier.none ?? '0') === 0);
  }

  private claimWeight(partner: PartnerModel): number {
    if (!partner.stream.state.registered) return 0;
    if (this.claimable(partner) >= MIN_CLAIM) return CLAIM_WEIGHT;
    return this.spendsOnlyItsGrant(partner) && partner.stream.state.coop.granted > 0 ? CLAIM_WEIGHT / 8 : 0;
  }

  /** The partner claims co-op spend: within what it may claim, or (rarely, deliberately) more than it will ever have. */
  private submitCoopClaim(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const coop = partner.stream.state.registered ? partner.stream.state.coop : undefined;
    const activity = r.weighted(COOP_ACTIVITY_WEIGHTS);
    const { range, descriptions } = COOP_SPEND[activity];
    const drawn = r.int(range[0], range[1]) * 100 + r.int(0, 99);
    const claimable = this.claimable(partner);
    const oversized = this.spendsOnlyItsGrant(partner) && (claimable < MIN_CLAIM || r.chance(OVERSIZED_CLAIM_RATE));
    const minor = oversized ? coop!.granted - coop!.approved + drawn : Math.max(MIN_CLAIM, Math.min(drawn, claimable));
    const claimId = `${this.prefix}-k${pad(++this.claimSeq, 7)}`;
    const command: SubmitCoopClaim = {
      type: 'SubmitCoopClaim', partnerId: partner.id, claimId, activity, amount: { minor, currency: this.rules.currency }, description: `${r.pick(descriptions)}, ${monthOf(t)}`, occurredAt: iso(t),
    };
    const keys = [partnerKey(partner.id), `coop-claim:${claimId}`];
    // The claim id is the ledger's first (its stream points to the partner), kept even when the claim is refused.
    const idStream: Stream<CoopClaimIdState> = { state: coopClaimIdDecider.initialState, revision: undefined };
    const reserved = this.decide(coopClaimIdDecider, streams.coopClaim(claimId), idStream, { type: 'ReserveCoopClaimId', claimId, partnerId: partner.id });
    try {
      const own = this.decidePartner(partner, command);
      partner.pendingClaims.push(claimId);
      return this.fact(t, partner.id, keys, command, own, 1, { appends: [reserved, own] });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.fact(t, partner.id, keys, command, undefined, 1, { appends: [reserved], refusal: error.code });
    }
  }

  /** The channel team decides the partner's oldest pending claim: most approved, some rejected. */
  private decideCoopClaim(partner: PartnerModel, t: number): SimulatedFact {
    const r = this.random;
    const claimId = partner.pendingClaims.shift()!;
    // Approving needs the balance not taken below zero since (by a clawback): then it is rejected.
    const approve = r.chance(APPROVAL_RATE) && this.claimable(partner) >= 0;
    const occurredAt = iso(t);
    const command: ApproveCoopClaim | RejectCoopClaim = approve
      ? { type: 'ApproveCoopClaim', partnerId: partner.id, claimId, occurredAt }
      : { type: 'RejectCoopClaim', partnerId: partner.id, claimId, reason: r.pick(CLAIM_REJECTIONS), occurredAt };
    const append = this.decidePartner(partner, command);
    if (approve) {
      partner.approvedClaims.push(claimId);
      if (partner.approvedClaims.length > 3) partner.approvedClaims.shift();
    }
    return this.fact(t, partner.id, [partnerKey(partner.id), `coop-claim:${claimId}`], command, append, 1);
  }

  /**
   * Seats not held, and held ones the partner renews within 60 days of their expiry. Kept
   * until what the partner holds changes or a renewal comes due.
   */
  private certificationCandidates(partner: PartnerModel, t: number): Seat[] {
    if (partner.candidates && t < partner.candidates.until) return partner.candidates.seats;
    let until = Infinity;
    const held = this.held(partner);
    const seats = partner.seats.filter((seat) => {
      const certification = held.find((h) => sameSeat(h, seat));
      if (certification === undefined) return true;
      if (!partner.renews.get(seatKey(seat)) || certification.expiresAt === undefined) return false;
      const renewFrom = Date.parse(certification.expiresAt) - RENEWAL_NOTICE;
      if (renewFrom <= t) return true;
      until = Math.min(until, renewFrom);
      return false;
    });
    partner.candidates = { seats, until };
    return seats;
  }

  private earnCertification(partner: PartnerModel, t: number, candidates: Seat[]): SimulatedFact {
    const r = this.random;
    const seat = r.chance(0.7) ? candidates[0]! : r.pick(candidates);
    const validity = r.weighted([[12, 55], [24, 35], [0, 10]] as const);
    const expiresAt = validity === 0 ? undefined : addMonths(t, validity);
    const maxEvents = this.held(partner).length + 3; // what lapsed and the tier change it causes, the certification and the tier change it causes
    const number = engineerNumber(seat.engineerId);
    const command: EarnCertification = {
      type: 'EarnCertification',
      partnerId: partner.id,
      engineerId: seat.engineerId,
      engineerName: personName(partner.index * 7 + number, partner.index * 3 + number * 5),
      productLine: seat.productLine,
      occurredAt: iso(t),
      ...(expiresAt !== undefined ? { expiresAt: iso(expiresAt) } : {}),
    };
    // The program expires what has lapsed by now first, then the new one counts.
    const append = this.decidePartner(partner, command);
    this.lapsed(partner, append);
    partner.renews.set(seatKey(seat), r.chance(partner.loyalty));
    partner.candidates = undefined;
    return this.fact(t, partner.id, [partnerKey(partner.id)], command, append, maxEvents);
  }

  /** The nightly job at the start of each month: expire what has lapsed, partner by partner. */
  private *sweep(asOf: number): Generator<SimulatedFact> {
    for (const partner of this.partners) {
      const command: ExpireCertifications = { type: 'ExpireCertifications', partnerId: partner.id, asOf: iso(asOf), occurredAt: iso(asOf) };
      if (this.program(command.occurredAt).partner.decide(command, partner.stream.state).length === 0) continue; // nothing due: the job skips it
      const maxEvents = this.held(partner).length + 1;
      const append = this.decidePartner(partner, command);
      this.lapsed(partner, append);
      yield this.fact(asOf, partner.id, [partnerKey(partner.id)], command, append, maxEvents);
    }
    if (this.options.lifecycle) yield* this.expireLeads(asOf);
  }

  /** After certifications expired: one left to lapse is sometimes not taken again, the partner gives up that seat. */
  private lapsed(partner: PartnerModel, append: SimulatedAppend): void {
    let any = false;
    for (const event of append.events) {
      if (event.type !== 'CertificationExpired') continue;
      any = true;
      const key = seatKey(event.data);
      const renew = partner.renews.get(key);
      partner.renews.delete(key);
      if (!renew && this.random.chance(0.5)) partner.seats = partner.seats.filter((s) => !sameSeat(s, event.data));
    }
    if (any) partner.candidates = undefined;
  }

  private awardIncentive(partner: PartnerModel, t: number): SimulatedFact {
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
    const challengeId = challengeIdOf(this.prefix, quarterOf(monthOf(when.occurredAt)), line);
    const running = this.challenges.get(challengeId);
    const challenge = r.chance(0.6) && running !== undefined;
    const why = r.pick(INCENTIVE_REASONS[role]);
    const command: AwardIncentive = {
      type: 'AwardIncentive',
      partnerId: partner.id,
      incentiveId: `${this.prefix}-i${pad(++this.incentiveSeq, 7)}`,
      recipient: { personId, name: personName(partner.index * 7 + person + (role === 'sales' ? 11 : 0), partner.index * 3 + person * 5), role },
      kind,
      value: { minor: valueMinor, currency: this.rules.currency },
      reason: challenge ? `${date.getUTCFullYear()} Q${quarter} ${line} challenge: ${why}` : `Spot award: ${why}`,
      // The award is judged by the challenge's terms, as the ledger reads them from its stream.
      ...(challenge ? { challengeId, challenge: running.state } : {}),
      occurredAt: iso(when.occurredAt),
    };
    const keys = challenge ? [partnerKey(partner.id), `challenge:${challengeId}`] : [partnerKey(partner.id)];
    return this.fact(t, partner.id, keys, command, this.decidePartner(partner, command), 1, { late: when.late });
  }

  private dealMinor(typology: Typology): number {
    const euros = this.random.logNormal(DEAL_MEDIAN[typology], 0.8, 300, 5_000_000);
    return Math.round(euros) * 100 + this.random.int(0, 99);
  }
}

const partnerKey = (partnerId: string) => `partner:${partnerId}`;
const monthOf = (ms: number) => iso(ms).slice(0, 7);
/** A quarter's challenge on a product line, e.g. `sim42-ch-2026q1-utm`. */
const challengeIdOf = (prefix: string, quarter: string, line: string) => `${prefix}-ch-${quarter.slice(0, 4)}q${quarter.slice(6)}-${line}`;
const seatKey = (seat: Seat) => `${seat.engineerId}\u0000${seat.productLine}`;
const sameSeat = (a: Seat, b: Seat) => a.engineerId === b.engineerId && a.productLine === b.productLine;
const engineerNumber = (engineerId: string) => Number(engineerId.slice(engineerId.lastIndexOf('-e') + 2));
const pad = (n: number, width: number) => String(n).padStart(width, '0');
