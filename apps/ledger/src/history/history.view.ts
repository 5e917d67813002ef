import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { formatAmount } from '@ledger/domain';
import { freshnessQuery, pageQuery, pageResponse } from '../read-models/paging';
import { HistoryEntry } from './history';

/** Money inside event data is { minor, currency }; at the edge it is { amount, currency }. */
function moneyAsDecimal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(moneyAsDecimal);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record['minor'] === 'number' && typeof record['currency'] === 'string') {
      return { amount: formatAmount(record['minor']), currency: record['currency'] };
    }
    return Object.fromEntries(keys.map((key) => [key, moneyAsDecimal(record[key])]));
  }
  return value;
}

/**
 * An entry as the API shows it: the envelope as recorded (positions as decimal strings, the
 * time as published), money as decimal strings. Entries of shape 1 (positions as text, no
 * `occurredAtText`) read the same, for an instance that does not project them itself.
 */
export function historyView(entry: HistoryEntry) {
  const { partnerId: _partnerId, occurredAtText, ...envelope } = entry;
  return {
    ...envelope,
    revision: String(entry.revision),
    position: String(entry.position),
    occurredAt: occurredAtText ?? entry.occurredAt,
    data: moneyAsDecimal(entry.data),
  };
}

/** An event's metadata as the history and the audit search show it. */
export const eventMetadata = z.object({
  actor: z.string(), source: z.string(), correlationId: z.string(), causationId: z.string(), idempotencyKey: z.string().optional(),
  hash: z.string().optional().describe("The event's hash (lowercase hex SHA-256, docs/audit.md); absent on events recorded before the hash chain"),
  // meta: so that the OpenAPI document says `nullable: true` rather than an array
  prevHash: z.string().nullable().optional().meta({ type: 'string', nullable: true, description: 'The chain value of the previous event of its stream; null for its first event' }),
});

const historyEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId: z.string(),
  revision: z.string(),
  position: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: eventMetadata,
});

export class HistoryPageResponse extends createZodDto(pageResponse(historyEntry)) {}
export class HistoryQuery extends createZodDto(z.strictObject({ ...freshnessQuery, ...pageQuery })) {}
