import { answer, ledger } from '../../api/client';
import type { Schema } from '../../api/types';
import { fresh } from '../../ui/freshness';

export type AuditEvent = Schema<'AuditEventPageResponse'>['items'][number];
export type InclusionProof = Schema<'InclusionProofResponse'>;
export type ConsistencyProof = Schema<'ConsistencyProofResponse'>;

/** Events a search page shows: small enough to read, and the same size the tests ask the API for. */
export const SEARCH_PAGE_SIZE = 25;

/** The search's filters, named as the API names them (they are the page address's too). */
export const SEARCH_FILTERS = ['actor', 'source', 'type', 'streamId', 'partnerId', 'from', 'to', 'time'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];
export type SearchFilters = Partial<Record<SearchFilter, string>>;

/** The filters GET /audit/export also takes: actor, source and stream narrow the search only. */
export const EXPORT_FILTERS = ['partnerId', 'type', 'from', 'to', 'time'] as const satisfies readonly SearchFilter[];

export function filtersOf(query: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {};
  for (const name of SEARCH_FILTERS) {
    const value = query.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

const timeOf = (value: string | undefined) => (value === 'occurred' ? 'occurred' : value === 'recorded' ? 'recorded' : undefined);

export const digest = (signal?: AbortSignal) => answer(ledger.GET('/audit/digest', { params: { query: { ...fresh() } }, signal }));

export const verifyStream = (streamId: string, signal?: AbortSignal) =>
  answer(ledger.GET('/audit/streams/{streamId}/verify', { params: { path: { streamId } }, signal }));

export const inclusionProof = (eventId: string, treeSize: string | undefined, signal?: AbortSignal) =>
  answer(ledger.GET('/audit/proofs/inclusion', { params: { query: { eventId, treeSize, ...fresh() } }, signal }));

export const consistencyProof = (from: string, to: string | undefined, signal?: AbortSignal) =>
  answer(ledger.GET('/audit/proofs/consistency', { params: { query: { from, to, ...fresh() } }, signal }));

export const searchEvents = (filters: SearchFilters, cursor: string | undefined, signal?: AbortSignal) =>
  answer(ledger.GET('/audit/events', {
    params: { query: { ...filters, time: timeOf(filters.time), limit: SEARCH_PAGE_SIZE, cursor, ...fresh() } },
    signal,
  }));

export interface Exported {
  filename: string;
  blob: Blob;
  bytes: number;
  events: number;
  /** The event store's head when the export began (X-Ledger-Export-Through). */
  through: string | null;
}

export interface ExportProgress {
  bytes: number;
  events: number;
}

const NEWLINE = 10;

/**
 * GET /audit/export with the key (a plain link could not send it), read as it streams so the
 * bytes received can be shown, then kept as one Blob to save.
 */
export async function exportEvents(filters: SearchFilters, onProgress: (progress: ExportProgress) => void, signal: AbortSignal): Promise<Exported> {
  const query = Object.fromEntries(EXPORT_FILTERS.map((name) => [name, filters[name]]));
  const call = ledger.GET('/audit/export', { params: { query: { ...query, time: timeOf(filters.time) } }, parseAs: 'stream', signal });
  const body = await answer(call);
  const { response } = await call;
  if (!body) throw new Error('the ledger sent no export');
  const reader = body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let events = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    bytes += value.byteLength;
    for (const byte of value) if (byte === NEWLINE) events++;
    onProgress({ bytes, events });
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'ledger-export.ndjson';
  return { filename, blob: new Blob(chunks, { type: 'application/x-ndjson' }), bytes, events, through: response.headers.get('X-Ledger-Export-Through') };
}
