import { CoopAccrualReversed, CoopAccrued, CoopClaimApproved, CoopClaimRejected, CoopClaimSubmitted, CoopGranted, LedgerEvent, PartnerEvent } from '../events';
import { ProgramRules } from '../program/program-rules';
import { refuse } from '../shared/domain-error';
import { addMonths, assertInstant, isBefore } from '../shared/instant';
import { formatAmount, money } from '../shared/money';
import { comparePercents, percentOfAmount } from '../shared/percent';
import { CoopActivity, coopRulesOf } from './coop-rules';
import { CoopCommand } from './coop.commands';

export type CoopClaimStatus = 'pending' | 'approved' | 'rejected';

export interface CoopClaimHeld {
  readonly activity: CoopActivity;
  readonly amount: number;
  readonly status: CoopClaimStatus;
}

/** A win's accrual as the account keeps it: the revenue it was a share of, and what reversals took back. */
export interface CoopAccrualHeld {
  readonly revenue: number;
  readonly amount: number;
  readonly clawedBack: number;
}

/** A partner's co-op budget, as its stream records it (minor units). */
export interface CoopAccount {
  /** Before this instant the partner is in its launch phase: its wins accrue nothing. */
  readonly launchEndsAt?: string;
  readonly granted: number;
  readonly accrued: number;
  readonly clawedBack: number;
  readonly pending: number;
  readonly approved: number;
  readonly rejected: number;
  readonly claims: ReadonlyMap<string, CoopClaimHeld>;
  readonly accruals: ReadonlyMap<string, CoopAccrualHeld>;
}

export const EMPTY_COOP_ACCOUNT: CoopAccount = {
  granted: 0, accrued: 0, clawedBack: 0, pending: 0, approved: 0, rejected: 0, claims: new Map(), accruals: new Map(),
};

/** The events of a partner's stream that move its co-op account. */
export type CoopAccountEvent = CoopGranted | CoopAccrued | CoopAccrualReversed | CoopClaimSubmitted | CoopClaimApproved | CoopClaimRejected;

const COOP_ACCOUNT_EVENTS: ReadonlySet<string> = new Set<CoopAccountEvent['type']>([
  'CoopGranted', 'CoopAccrued', 'CoopAccrualReversed', 'CoopClaimSubmitted', 'CoopClaimApproved', 'CoopClaimRejected',
]);

export const isCoopAccountEvent = (event: LedgerEvent): event is CoopAccountEvent => COOP_ACCOUNT_EVENTS.has(event.type);

/** Whether a win under these rules can accrue anything: none when no tier has a rate above zero. */
export const coopAccrues = (rules: Pick<ProgramRules, 'coop'>): boolean =>
  Object.values(coopRulesOf(rules).ratesByTier).some((rate) => rate !== undefined && comparePercents(rate, '0') > 0);

/** What the partner may still claim: granted + accrued − clawed back − approved − pending (negative once a clawback took more than was left). */
export const availableCoop = (account: CoopAccount): number =>
  account.granted + account.accrued - account.clawedBack - account.approved - account.pending;

/** The launch grant a partner registered at `registeredAt` gets under the rules then in force: none when the rules have no launch phase. */
export function coopGrantFor(rules: ProgramRules, partnerId: string, registeredAt: string): CoopGranted[] {
  const coop = coopRulesOf(rules);
  if (coop.launchMonths === 0 && coop.launchGrant === 0) return [];
  return [{
    type: 'CoopGranted',
    data: { partnerId, amount: money(coop.launchGrant, rules.currency), launchEndsAt: addMonths(registeredAt, coop.launchMonths), rulesVersion: rules.version },
  }];
}

const balanceExceeded = (partnerId: string, account: CoopAccount, requested: number, currency: string, claimId: string) => {
  const available = availableCoop(account);
  return refuse.rule('COOP_BALANCE_EXCEEDED', `claim ${claimId} asks ${formatAmount(requested)} ${currency}: partner ${partnerId} has ${formatAmount(available)} ${currency} of co-op budget available`, {
    partnerId, claimId, requested: formatAmount(requested), available: formatAmount(available), currency,
  });
};

function heldClaim(account: CoopAccount, partnerId: string, claimId: string): CoopClaimHeld {
  const claim = account.claims.get(claimId);
  if (!claim) throw refuse.notFound('COOP_CLAIM_NOT_FOUND', `partner ${partnerId} has no co-op claim ${claimId}`, { partnerId, claimId });
  if (claim.status !== 'pending') {
    throw refuse.conflict('COOP_CLAIM_NOT_PENDING', `co-op claim ${claimId} was already ${claim.status}`, { partnerId, claimId, status: claim.status });
  }
  return claim;
}

/**
 * The co-op commands on a partner's stream: its balance decides claims and approvals (never a
 * read model), wins and reversals reach it as accruals and clawbacks.
 */
export function decideCoop(command: CoopCommand, account: CoopAccount, rules: ProgramRules): PartnerEvent[] {
  const { partnerId } = command;
  switch (command.type) {
    case 'SubmitCoopClaim': {
      const { claimId, activity, amount, description } = command;
      if (amount.currency !== rules.currency) throw refuse.rule('CURRENCY_NOT_ACCEPTED', `amount: the ledger keeps amounts in ${rules.currency}, not ${amount.currency}`);
      if (amount.minor <= 0) throw refuse.invalid('INVALID_AMOUNT', 'amount: a claim asks for more than nothing', { field: 'amount' });
      if (account.claims.has(claimId)) throw refuse.conflict('COOP_CLAIM_ID_TAKEN', `partner ${partnerId} already has a co-op claim ${claimId}`, { partnerId, claimId });
      if (amount.minor > availableCoop(account)) throw balanceExceeded(partnerId, account, amount.minor, rules.currency, claimId);
      return [{ type: 'CoopClaimSubmitted', data: { partnerId, claimId, activity, amount, description } }];
    }
    case 'ApproveCoopClaim': {
      const claim = heldClaim(account, partnerId, command.claimId);
      // The claim's own amount is already held: approving it needs what is left after every hold to be none below zero.
      if (availableCoop(account) < 0) throw balanceExceeded(partnerId, { ...account, pending: account.pending - claim.amount }, claim.amount, rules.currency, command.claimId);
      return [{ type: 'CoopClaimApproved', data: { partnerId, claimId: command.claimId, activity: claim.activity, amount: money(claim.amount, rules.currency) } }];
    }
    case 'RejectCoopClaim': {
      const claim = heldClaim(account, partnerId, command.claimId);
      return [{ type: 'CoopClaimRejected', data: { partnerId, claimId: command.claimId, activity: claim.activity, amount: money(claim.amount, rules.currency), reason: command.reason } }];
    }
    case 'AccrueCoop': {
      const { leadId, revenue, tier } = command;
      const wonAt = assertInstant(command.wonAt, 'wonAt');
      if (account.accruals.has(leadId)) return [];
      if (account.launchEndsAt !== undefined && isBefore(wonAt, account.launchEndsAt)) return [];
      const rate = coopRulesOf(rules).ratesByTier[tier];
      const amount = rate === undefined ? 0 : percentOfAmount(revenue.minor, rate);
      if (rate === undefined || amount === 0) return [];
      return [{ type: 'CoopAccrued', data: { partnerId, leadId, revenue, tier, rate, amount: money(amount, revenue.currency), rulesVersion: rules.version } }];
    }
    case 'ClawBackCoop': {
      const { leadId, reversalId, totalReversed } = command;
      const accrual = account.accruals.get(leadId);
      if (!accrual || accrual.revenue === 0) return [];
      const reversed = Math.min(totalReversed.minor, accrual.revenue);
      // Cumulative, so that the clawbacks of every reversal add up to the accrual when the deal is reversed whole.
      const due = Number((BigInt(accrual.amount) * BigInt(reversed)) / BigInt(accrual.revenue)) - accrual.clawedBack;
      if (due <= 0) return [];
      return [{ type: 'CoopAccrualReversed', data: { partnerId, leadId, reversalId, amount: money(due, totalReversed.currency) } }];
    }
  }
}

const withClaim = (account: CoopAccount, claimId: string, claim: CoopClaimHeld) => new Map(account.claims).set(claimId, claim);

/** Folds a co-op event of the partner's stream into its account; any other event leaves it as it is. */
export function evolveCoop(account: CoopAccount, event: PartnerEvent): CoopAccount {
  switch (event.type) {
    case 'CoopGranted':
      return { ...account, granted: account.granted + event.data.amount.minor, launchEndsAt: event.data.launchEndsAt };
    case 'CoopAccrued': {
      const { leadId, revenue, amount } = event.data;
      return { ...account, accrued: account.accrued + amount.minor, accruals: new Map(account.accruals).set(leadId, { revenue: revenue.minor, amount: amount.minor, clawedBack: 0 }) };
    }
    case 'CoopAccrualReversed': {
      const { leadId, amount } = event.data;
      const accrual = account.accruals.get(leadId);
      const accruals = accrual ? new Map(account.accruals).set(leadId, { ...accrual, clawedBack: accrual.clawedBack + amount.minor }) : account.accruals;
      return { ...account, clawedBack: account.clawedBack + amount.minor, accruals };
    }
    case 'CoopClaimSubmitted': {
      const { claimId, activity, amount } = event.data;
      return { ...account, pending: account.pending + amount.minor, claims: withClaim(account, claimId, { activity, amount: amount.minor, status: 'pending' }) };
    }
    case 'CoopClaimApproved':
    case 'CoopClaimRejected': {
      const claim = account.claims.get(event.data.claimId);
      if (!claim || claim.status !== 'pending') return account;
      const approved = event.type === 'CoopClaimApproved';
      return {
        ...account,
        pending: account.pending - claim.amount,
        approved: account.approved + (approved ? claim.amount : 0),
        rejected: account.rejected + (approved ? 0 : claim.amount),
        claims: withClaim(account, event.data.claimId, { ...claim, status: approved ? 'approved' : 'rejected' }),
      };
    }
    default:
      return account;
  }
}

