import { z } from 'zod';
import { PERSONAL_DATA } from '@ledger/domain';
import { position } from './fields';

/** The events relayed without a key: they name no partner. */
export const KEYLESS_EVENTS = 'PersonErased, ProgramRulesPublished, ChallengeCreated, a typology\'s ObjectiveSet and HistorySealed';

/** Per event type, the fields of `data` (dotted paths) that hold a person's data: a map, since `data` is typed per event type. */
const personalFields = Object.fromEntries(Object.entries(PERSONAL_DATA).map(([type, declared]) => [type, declared!.fields]));

/**
 * What the relay publishes on the outbound topic (`partner-ledger.events` by default): each
 * event the ledger recorded, in the envelope it was recorded with. Key: the event's
 * partnerId (none for the KEYLESS_EVENTS), so one partner's events stay in order.
 *
 * Delivery is at least once: a consumer that must not count twice keeps `eventId`s (or the
 * highest `position` it applied) and skips what it has seen.
 */
export const relayedEvent = z
  .strictObject({
    eventId: z.uuid().describe('Unique per event; the same event relayed twice has the same id'),
    type: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]*$/)
      .describe('Past tense, PascalCase (PartnerRegistered, LeadRegistered, DealWon, ...; see libs/domain/src/events.ts). Types are added over time: skip the ones you do not know.'),
    schemaVersion: z.number().int().min(1).describe('Version of the shape of `data` for this type'),
    streamId: z.string().min(1).describe('partner-<partnerId>, lead-<leadId>, opportunity-<key> or person-<pseudonym>'),
    revision: position.describe('Position of the event in its stream, from 0, as a decimal string'),
    position: position.describe('Global position in the ledger (increasing, not contiguous), as a decimal string'),
    occurredAt: z.string().describe('Business time at the source (ISO-8601)'),
    recordedAt: z.string().describe('Ledger time of the append (ISO-8601)'),
    data: z
      .record(z.string(), z.unknown())
      .meta({ 'x-personal-data': personalFields })
      .describe(`The event data as recorded, personal fields in clear (README, Personal data; x-personal-data lists them per event type); it has partnerId, but for ${KEYLESS_EVENTS}. Money is { "minor": integer minor units, "currency": ISO 4217 }.`),
    metadata: z
      .looseObject({
        actor: z.string(),
        source: z.string().describe('http, kafka:<service>, cli'),
        correlationId: z.string(),
        causationId: z.string().describe('The HTTP request id or the Kafka message id that caused it'),
        idempotencyKey: z.string().optional(),
        hash: z.string().optional().describe("The event's hash (lowercase hex SHA-256, docs/audit.md); absent on events recorded before the hash chain"),
        prevHash: z.string().nullable().optional().describe('The chain value of the previous event of the stream; null for its first event'),
      })
      .describe('Who, from where, and why; other fields may be present'),
  })
  .meta({ title: 'LedgerEvent', description: `One event recorded by the ledger, relayed for downstream consumers. Key: partnerId (none for ${KEYLESS_EVENTS}).` });

export type RelayedEvent = z.infer<typeof relayedEvent>;
