import { v5 as uuidV5 } from 'uuid';
import { ActivityMessage } from '../../contracts/kafka-messages';
import { DemoCommand } from './demo-plan';

/** Namespace of the demo facts' ids: a UUID v5 of the command's idempotency key, as a publisher derives one from its own record id. */
const DEMO_FACTS = '3b2f8c1e-6d4a-5f0b-9e7c-1a2b3c4d5e6f';
const SOURCE = 'demo';

/**
 * The demo's command as a fact in the Kafka message format, or undefined for what is no Kafka
 * fact: the program's rules, the due-work sweeps (expiries, tier re-evaluations), lifting a
 * suspension and deciding a co-op claim happen over HTTP or in the ledger only.
 */
export function demoFact(command: DemoCommand): ActivityMessage | undefined {
  const fact = (type: ActivityMessage['type'], payload: Record<string, unknown>): ActivityMessage => {
    const { occurredAt, ...rest } = payload as { occurredAt: string };
    return { id: uuidV5(command.idempotencyKey, DEMO_FACTS), type, occurredAt, source: SOURCE, payload: rest } as ActivityMessage;
  };
  switch (command.type) {
    case 'RegisterPartner':
      return fact('PartnerRegistered', command.body);
    case 'RegisterLead':
      return fact('LeadRegistered', { partnerId: command.partnerId, ...command.body });
    case 'WinDeal':
      return fact('DealWon', { leadId: command.leadId, ...command.body });
    case 'ExtendLead':
      return fact('LeadExtended', { leadId: command.leadId, ...command.body });
    case 'LoseLead':
      return fact('LeadLost', { leadId: command.leadId, ...command.body });
    case 'EarnCertification':
      return fact('CertificationEarned', { partnerId: command.partnerId, ...command.body });
    case 'AwardIncentive':
      return fact('IncentiveAwarded', { partnerId: command.partnerId, ...command.body });
    case 'IssueSanction':
      return fact('SanctionIssued', { partnerId: command.partnerId, ...command.body });
    case 'RecordEngagement':
      return fact('EngagementRecorded', { partnerId: command.partnerId, ...command.body });
    case 'SetTypologyObjective':
      return fact('ObjectiveSet', { typology: command.typology, period: command.period, ...command.body });
    case 'SetPartnerObjective':
      return fact('ObjectiveSet', { partnerId: command.partnerId, period: command.period, ...command.body });
    case 'CreateChallenge':
      return fact('ChallengeCreated', command.body);
    case 'SubmitCoopClaim':
      return fact('CoopClaimSubmitted', { partnerId: command.partnerId, ...command.body });
    case 'ReverseDeal':
      return fact('DealReversed', { leadId: command.leadId, ...command.body });
    case 'ExpireCertifications':
    case 'PublishProgramRules':
    case 'ReevaluateTier':
    case 'ExpireLead':
    case 'LiftSuspension':
    case 'ApproveCoopClaim':
    case 'RejectCoopClaim':
      return undefined;
  }
}

/** The Kafka key a publisher would give the fact (docs/kafka.md): the partnerId, or the challenge's or typology's id. */
function kafkaKey(command: DemoCommand): string {
  if (command.type === 'CreateChallenge') return command.body.challengeId;
  if (command.type === 'SetTypologyObjective') return command.typology;
  return command.partnerId;
}

/** The import line of a fact: the whole Kafka record, whose key orders a lead's facts with its partner's. */
export const demoFactLine = (command: DemoCommand, fact: ActivityMessage): string => JSON.stringify({ key: kafkaKey(command), value: fact });

/** One step of the demo as facts: a line to import, or a command that is no Kafka fact. */
export type DemoStep = { command: DemoCommand; fact: ActivityMessage } | { command: DemoCommand; fact?: undefined };

/**
 * The plan's commands until the events the plan's model expects reach `targetEvents` (as the
 * demo stops on the events recorded), each with its fact when it is one.
 */
export function* demoSteps(plan: Iterable<DemoCommand>, targetEvents: number): Generator<DemoStep> {
  let events = 0;
  for (const command of plan) {
    if (events >= targetEvents) return;
    events += command.expectedEvents;
    yield { command, fact: demoFact(command) };
  }
}
