import { Money } from '../shared/money';
import { EngagementKind, IncentiveKind, IncentiveRole, Typology } from '../program/program-rules';
import { ObjectiveTargets, Territory } from '../events';
import { ChallengeState } from '../challenge/challenge.decider';
import { CoopCommand } from '../coop/coop.commands';

/** Commands on one partner's stream. `occurredAt` is business time from the source. */
export interface RegisterPartner {
  readonly type: 'RegisterPartner';
  readonly partnerId: string;
  readonly name: string;
  readonly typology: Typology;
  readonly territory: Territory;
  readonly occurredAt: string;
}

export interface EarnCertification {
  readonly type: 'EarnCertification';
  readonly partnerId: string;
  readonly engineerId: string;
  readonly engineerName?: string;
  readonly productLine: string;
  readonly expiresAt?: string;
  readonly occurredAt: string;
}

export interface ExpireCertifications {
  readonly type: 'ExpireCertifications';
  readonly partnerId: string;
  /** Certifications whose expiry date is at or before this moment are expired. */
  readonly asOf: string;
  readonly occurredAt: string;
}

/**
 * Re-evaluates the tier under the rules the decider was built with (the version in force at
 * `asOf`): certifications lapsed by `asOf` are expired first, then a TierChanged is recorded
 * only where the tier differs, naming that version.
 */
export interface ReevaluateTier {
  readonly type: 'ReevaluateTier';
  readonly partnerId: string;
  readonly asOf: string;
  readonly occurredAt: string;
}

export interface AwardIncentive {
  readonly type: 'AwardIncentive';
  readonly partnerId: string;
  readonly incentiveId: string;
  readonly recipient: { personId: string; name?: string; role: IncentiveRole };
  readonly kind: IncentiveKind;
  readonly value: Money;
  readonly reason: string;
  readonly challengeId?: string;
  /** When challengeId is named: the challenge's stream as read (its terms judge the award). */
  readonly challenge?: ChallengeState;
  readonly occurredAt: string;
}

/** A partner met the vendor or was equipped by it. */
export interface RecordEngagement {
  readonly type: 'RecordEngagement';
  readonly partnerId: string;
  readonly engagementId: string;
  readonly kind: EngagementKind;
  readonly name: string;
  readonly attendees?: number;
  readonly satisfaction?: number;
  readonly occurredAt: string;
}

/** The partner's own targets for a period, overriding its typology's metric by metric. */
export interface SetPartnerObjective {
  readonly type: 'SetPartnerObjective';
  readonly partnerId: string;
  readonly period: string;
  readonly targets: ObjectiveTargets;
  readonly occurredAt: string;
}

/** A loyalty offence: yellow card, or red when a yellow one is held within the loyalty window. */
export interface IssueSanction {
  readonly type: 'IssueSanction';
  readonly partnerId: string;
  readonly reason: string;
  /** The lead taken to a competitor, when known. */
  readonly leadId?: string;
  readonly occurredAt: string;
}

/** Ends a red card's suspension before its term. */
export interface LiftSuspension {
  readonly type: 'LiftSuspension';
  readonly partnerId: string;
  readonly reason: string;
  readonly occurredAt: string;
}

export type PartnerCommand =
  | RegisterPartner
  | EarnCertification
  | ExpireCertifications
  | ReevaluateTier
  | AwardIncentive
  | IssueSanction
  | LiftSuspension
  | RecordEngagement
  | SetPartnerObjective
  | CoopCommand;
