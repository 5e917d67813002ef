import { Money } from '../shared/money';
import { Tier } from '../program/program-rules';
import { CoopActivity } from './coop-rules';

/** Co-op commands, decided on the partner's stream (its balance is the partner's). */
export interface SubmitCoopClaim {
  readonly type: 'SubmitCoopClaim';
  readonly partnerId: string;
  readonly claimId: string;
  readonly activity: CoopActivity;
  readonly amount: Money;
  readonly description: string;
  readonly occurredAt: string;
}

export interface ApproveCoopClaim {
  readonly type: 'ApproveCoopClaim';
  readonly partnerId: string;
  readonly claimId: string;
  readonly occurredAt: string;
}

export interface RejectCoopClaim {
  readonly type: 'RejectCoopClaim';
  readonly partnerId: string;
  readonly claimId: string;
  readonly reason: string;
  readonly occurredAt: string;
}

/**
 * A win's accrual, asked by the co-op reactor for the DealWon it follows. The decider is the
 * rules in force when the deal occurred (`wonAt`); `tier` is the partner's when the win was
 * recorded (its stream read up to the win's position).
 */
export interface AccrueCoop {
  readonly type: 'AccrueCoop';
  readonly partnerId: string;
  readonly leadId: string;
  readonly revenue: Money;
  readonly tier: Tier;
  readonly wonAt: string;
  readonly occurredAt: string;
}

/** A reversal's clawback, asked by the co-op reactor for the DealReversed it follows. */
export interface ClawBackCoop {
  readonly type: 'ClawBackCoop';
  readonly partnerId: string;
  readonly leadId: string;
  readonly reversalId: string;
  /** What all reversals of the deal add up to with this one. */
  readonly totalReversed: Money;
  readonly occurredAt: string;
}

export type CoopCommand = SubmitCoopClaim | ApproveCoopClaim | RejectCoopClaim | AccrueCoop | ClawBackCoop;
