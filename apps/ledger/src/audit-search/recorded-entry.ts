import { formatAmount } from '@ledger/domain';
import { SerialisedEvent } from '@ledger/event-store';

/**
 * An event's envelope as the audit events read model keeps it: position and revision as
 * integers (int64 in MongoDB, so they sort as numbers) and its times as instants in UTC (BSON
 * Date), so that a range on `occurredAt` compares instants. The time as published, with its
 * offset, is kept in `occurredAtText`. Read back, integers are numbers (bigints beyond 2^53).
 */
export interface RecordedEntry {
  [field: string]: unknown;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  position: number | bigint;
  revision: number | bigint;
  occurredAt: string;
  occurredAtText: string;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: SerialisedEvent['metadata'];
}

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
 * time as published), money as decimal strings.
 */
export function recordedEntryView(entry: RecordedEntry) {
  const { occurredAtText, ...envelope } = entry;
  return {
    ...envelope,
    revision: String(entry.revision),
    position: String(entry.position),
    occurredAt: occurredAtText ?? entry.occurredAt,
    data: moneyAsDecimal(entry.data),
  };
}
