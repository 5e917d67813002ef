import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { RecordedEvent } from '@ledger/event-store';
import { instant } from '../contracts/fields';
import { freshnessQuery } from '../read-models/paging';

/**
 * Which facts an answer "as it was" is computed from: those that had happened by `asOf`
 * (business time, occurredAt), those the ledger had recorded by `knownAt` (ledger time,
 * recordedAt), or both. Neither: the answer comes from the live read models.
 */
export interface TimeFilter {
  asOf?: string;
  knownAt?: string;
}

export const isAsOf = (filter: TimeFilter): boolean => filter.asOf !== undefined || filter.knownAt !== undefined;

/** Whether an event is one of the facts the filter keeps (instants compared, whatever their offsets). */
export function keptBy(filter: TimeFilter): (event: RecordedEvent) => boolean {
  const asOf = filter.asOf === undefined ? Infinity : Date.parse(filter.asOf);
  const knownAt = filter.knownAt === undefined ? Infinity : Date.parse(filter.knownAt);
  return (event) => Date.parse(event.occurredAt) <= asOf && Date.parse(event.recordedAt) <= knownAt;
}

/** What an answer as of a time was computed from: the filter, and the positions of the events it kept. */
export interface Basis {
  asOf: string | null;
  knownAt: string | null;
  events: number;
  lastPosition: string | null;
  positions: string[];
}

export function basisOf(filter: TimeFilter, events: readonly RecordedEvent[]): Basis {
  const positions = events.map((event) => event.position.toString());
  return { asOf: filter.asOf ?? null, knownAt: filter.knownAt ?? null, events: events.length, lastPosition: positions[positions.length - 1] ?? null, positions };
}

const nullableString = (description: string) => z.string().nullable().meta({ type: 'string', nullable: true, description });

export const basisResponse = z
  .object({
    asOf: nullableString('The asOf asked: facts that occurred at or before it were kept'),
    knownAt: nullableString('The knownAt asked: facts recorded at or before it were kept'),
    events: z.number().int().describe('How many events the answer was computed from'),
    lastPosition: nullableString('The position of the last of them, a decimal string'),
    positions: z.array(z.string()).describe('The position of every event used, in order, as decimal strings'),
  })
  .describe('Present only with asOf or knownAt: the answer was computed from these events of the event store (not from the live read models)');

export const timeQuery = {
  asOf: instant
    .optional()
    .describe('The state as it was at this business time: facts with occurredAt at or before it, judged by the program rules in force then'),
  knownAt: instant
    .optional()
    .describe('The state as the ledger knew it at this time: facts recorded at or before it (a fact reported later is absent). With asOf: both apply'),
};

/** What a route taking asOf and knownAt says of them, in the OpenAPI document. */
export const AS_OF_DESCRIPTION =
  'With asOf and/or knownAt the answer is computed from the events (not from the live read models): those that occurred at or before asOf, ' +
  'recorded at or before knownAt, projected by the same projections as the live read models; it then carries `basis`, the positions it used. ' +
  'A partner or lead not yet registered (or not yet recorded) then is 404, as one never registered.';

/** `?minPosition&asOf&knownAt` on a route answering for one partner or lead. */
export class AsOfQueryDto extends createZodDto(z.strictObject({ ...freshnessQuery, ...timeQuery })) {}
