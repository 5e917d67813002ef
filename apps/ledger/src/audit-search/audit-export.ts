import { isLedgerEvent, partnerIdOf } from '@ledger/domain';
import { Readable } from 'node:stream';
import { EventStore, RecordedEvent, serialiseEvent } from '@ledger/event-store';
import { AUDIT_TIMES, AuditTime } from './audit-events';

/** What an export keeps: events of a partner, of some types, within a time range; all when nothing is given. */
export interface ExportFilter {
  partnerId?: string;
  types?: string[];
  from?: string;
  to?: string;
  time: AuditTime;
}

export interface ExportOptions {
  /** Events read from the store at a time: what the export holds in memory at most, with one page of text. */
  pageSize: number;
  /** Called after each page with the position reached and the last one exported. */
  onProgress?: (position: bigint, through: bigint) => void;
}

/** An exported event: the recorded event as JSON on one line (positions as decimal strings). */
export const exportLine = (event: RecordedEvent) => `${JSON.stringify(serialiseEvent(event))}\n`;

/** Whether an event is one the filter keeps. */
export function exportKeeps(filter: ExportFilter): (event: RecordedEvent) => boolean {
  const types = filter.types && new Set(filter.types);
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
  const time = AUDIT_TIMES[filter.time];
  return (event) => {
    if (types && !types.has(event.type)) return false;
    if (filter.partnerId !== undefined && !(isLedgerEvent(event) && partnerIdOf(event) === filter.partnerId)) return false;
    const at = Date.parse(event[time]);
    return at >= from && at < to;
  };
}

/**
 * The events an export writes, a page of NDJSON text at a time, in position order, up to the
 * head as it was when the export began (so that it ends, and says through which position it
 * is complete).
 *
 * Read from the event store itself, not from the audit read model: an export is evidence, so
 * it holds the events exactly as recorded (data as stored, personal fields sealed, metadata
 * with `hash` and `prevHash`), lets an auditor recompute every hash, and owes nothing to a
 * projection's freshness or correctness. The price is that a filtered export reads the whole
 * log; the search (GET /audit/events) is the indexed way to find a few events.
 */
export async function* exportPages(store: EventStore, filter: ExportFilter, through: bigint, options: ExportOptions): AsyncGenerator<{ text: string; count: number }> {
  const keeps = exportKeeps(filter);
  let after = 0n;
  while (after < through) {
    const page = await store.readAll({ after, maxCount: options.pageSize });
    if (page.length === 0) break;
    let text = '';
    let count = 0;
    for (const event of page) {
      if (event.position > through) break;
      if (!keeps(event)) continue;
      text += exportLine(event);
      count += 1;
    }
    after = page[page.length - 1]!.position;
    options.onProgress?.(after > through ? through : after, through);
    if (count > 0) yield { text, count };
  }
}

/**
 * The export as a byte stream that holds one page of text at most: the next page is read from
 * the store only once the reader (an HTTP client, a file) has taken this one, so memory stays
 * flat whatever the export's length and however slowly it is read.
 */
export function exportStream(pages: AsyncIterable<{ text: string }>): Readable {
  return Readable.from(
    (async function* () {
      for await (const page of pages) yield Buffer.from(page.text);
    })(),
    { objectMode: false, highWaterMark: 1 },
  );
}
