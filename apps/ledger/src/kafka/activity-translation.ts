import { z } from 'zod';
import { ACTIVITY_MESSAGE_TYPES, ActivityMessage, activityMessage, MAX_MESSAGE_BYTES } from '../contracts/kafka-messages';
import { describeZodError, Failure } from '../errors/failure';
import { CommandContext } from '../write/command-context';
import { EarnCertificationCommand } from '../certifications';
import { CreateChallengeCommand } from '../challenges';
import { AwardIncentiveCommand } from '../incentives';
import { ExtendLeadCommand, LoseLeadCommand, RegisterLeadCommand, WinDealCommand } from '../leads';
import { SetPartnerObjectiveCommand, SetTypologyObjectiveCommand } from '../objectives';
import { RegisterPartnerCommand } from '../partners';
import { IssueSanctionCommand } from '../sanctions';
import { RecordEngagementCommand } from '../engagements';
import { SubmitCoopClaimCommand } from '../coop';

/**
 * Message in, command out: the Kafka counterpart of the HTTP controller, with no rules of its
 * own. Pure, so that the translation is tested without a broker.
 */

export type ParsedMessage = { ok: true; message: ActivityMessage } | { ok: false; failure: Failure };

export type LedgerCommand =
  | RegisterPartnerCommand | RegisterLeadCommand | WinDealCommand | ExtendLeadCommand | LoseLeadCommand | EarnCertificationCommand | AwardIncentiveCommand
  | IssueSanctionCommand | RecordEngagementCommand | SetTypologyObjectiveCommand | SetPartnerObjectiveCommand | CreateChallengeCommand | SubmitCoopClaimCommand;

const refused = (statusCode: number, code: string, message: string): Failure => ({ statusCode, code, message, transient: false });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and validates a message value against the published schemas. */
export function parseActivityMessage(value: Buffer | null): ParsedMessage {
  if (value === null || value.length === 0) return { ok: false, failure: refused(400, 'MALFORMED_JSON', 'the message has no value') };
  if (value.length > MAX_MESSAGE_BYTES) {
    return { ok: false, failure: refused(413, 'PAYLOAD_TOO_LARGE', `the message value is larger than ${MAX_MESSAGE_BYTES} bytes`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(value));
  } catch {
    return { ok: false, failure: refused(400, 'MALFORMED_JSON', 'the message value is not UTF-8 JSON') };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && typeof type === 'string' && !ACTIVITY_MESSAGE_TYPES.includes(type as never)) {
    return {
      ok: false,
      failure: refused(400, 'UNKNOWN_MESSAGE_TYPE', `type "${type.slice(0, 100)}" is not one the ledger records (${ACTIVITY_MESSAGE_TYPES.join(', ')})`),
    };
  }
  const parsed = activityMessage.safeParse(json);
  if (!parsed.success) return { ok: false, failure: refused(400, 'VALIDATION_FAILED', describeZodError(parsed.error as z.ZodError)) };
  return { ok: true, message: parsed.data };
}

/** The `x-correlation-id` header, and its rule: 1–200 visible ASCII characters, as HTTP's X-Correlation-Id. */
export const CORRELATION_HEADER = 'x-correlation-id';
const MAX_CORRELATION_CHARS = 200;
const VISIBLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * Why a correlation id header cannot be used, or undefined when it can (or is absent). The
 * reason names the rule it broke and where, never the value itself (it could be anything,
 * personal data included).
 */
export function correlationIdProblem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0) return 'it is empty';
  if (value.length > MAX_CORRELATION_CHARS) return `it has ${value.length} characters, more than ${MAX_CORRELATION_CHARS}`;
  if (!VISIBLE_ASCII.test(value)) {
    const at = [...value].findIndex((char) => !VISIBLE_ASCII.test(char));
    return `it has a character other than visible ASCII (0x21-0x7E: no space, control or non-ASCII character) at position ${at + 1}`;
  }
  return undefined;
}

export interface Receipt {
  /** Ledger time of receipt. */
  receivedAt: string;
  /** The message's headers; a valid `x-correlation-id` is carried into the events' metadata. */
  headers?: Record<string, string>;
}

/** Who and where from: the message id is the idempotency key and the cause. */
export function commandContext(message: ActivityMessage, receipt: Receipt): CommandContext {
  const correlation = receipt.headers?.[CORRELATION_HEADER];
  return {
    actor: message.actor ?? message.source,
    source: `kafka:${message.source}`,
    // An invalid header is ignored here (ActivityIngest logs why): the message id correlates.
    correlationId: correlation !== undefined && correlationIdProblem(correlation) === undefined ? correlation : message.id,
    causationId: message.id,
    idempotencyKey: message.id,
    receivedAt: receipt.receivedAt,
  };
}

/** The command a valid message asks for; business time comes from the envelope. */
export function toCommand(message: ActivityMessage, receipt: Receipt): LedgerCommand {
  const context = commandContext(message, receipt);
  const occurredAt = message.occurredAt;
  switch (message.type) {
    case 'PartnerRegistered':
      return new RegisterPartnerCommand({ ...message.payload, occurredAt }, context);
    case 'LeadRegistered': {
      const { partnerId, ...body } = message.payload;
      return new RegisterLeadCommand(partnerId, { ...body, occurredAt }, context);
    }
    case 'DealWon': {
      const { leadId, ...body } = message.payload;
      return new WinDealCommand(leadId, { ...body, occurredAt }, context);
    }
    case 'LeadExtended': {
      const { leadId, ...body } = message.payload;
      return new ExtendLeadCommand(leadId, { ...body, occurredAt }, context);
    }
    case 'LeadLost': {
      const { leadId, ...body } = message.payload;
      return new LoseLeadCommand(leadId, { ...body, occurredAt }, context);
    }
    case 'CertificationEarned': {
      const { partnerId, ...body } = message.payload;
      return new EarnCertificationCommand(partnerId, { ...body, occurredAt }, context);
    }
    case 'IncentiveAwarded': {
      const { partnerId, ...body } = message.payload;
      return new AwardIncentiveCommand(partnerId, { ...body, occurredAt }, context);
    }
    case 'SanctionIssued': {
      const { partnerId, ...body } = message.payload;
      return new IssueSanctionCommand(partnerId, { ...body, occurredAt }, context);
    }
    case 'EngagementRecorded': {
      const { partnerId, ...body } = message.payload;
      return new RecordEngagementCommand(partnerId, { ...body, occurredAt }, context);
    }
    case 'ObjectiveSet': {
      const { period, ...scoped } = message.payload;
      if ('typology' in scoped) {
        const { typology, ...targets } = scoped;
        return new SetTypologyObjectiveCommand(typology, period, { ...targets, occurredAt }, context);
      }
      const { partnerId, ...targets } = scoped;
      return new SetPartnerObjectiveCommand(partnerId, period, { ...targets, occurredAt }, context);
    }
    case 'ChallengeCreated':
      return new CreateChallengeCommand({ ...message.payload, occurredAt }, context);
    case 'CoopClaimSubmitted': {
      const { partnerId, ...body } = message.payload;
      return new SubmitCoopClaimCommand(partnerId, { ...body, occurredAt }, context);
    }
  }
}
