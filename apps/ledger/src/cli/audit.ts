import { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { ChainsReport, SealReport, sealHistory, verifyAllStreams, verifyStream } from '../audit-chain';
import { progressBar } from './progress';

/**
 * What `audit verify` found: one section per check, each saying whether it holds. The chains
 * are checked here; another check of the same reading of the events adds its own section
 * (and its own `verified`) beside them.
 */
export interface AuditVerifyReport {
  verified: boolean;
  chains: ChainsReport;
}

export interface AuditVerifyOptions {
  /** One stream only; every stream when omitted. */
  streamId?: string;
  showProgress?: boolean;
  /** Each event of the ledger, in position order, when every stream is checked. */
  onEvent?: (event: RecordedEvent) => void;
}

export async function auditVerify(app: INestApplicationContext, options: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
  const store = app.get<EventStore>(EVENT_STORE);
  if (options.streamId !== undefined) {
    const report = await verifyStream(store, options.streamId);
    if (!report) throw new Error(`no stream ${options.streamId}`);
    const { verified, events, chainedEvents, legacyEvents, firstBroken } = report;
    return { verified, chains: { verified, streams: 1, events, chainedEvents, legacyEvents, broken: firstBroken ? [firstBroken] : [] } };
  }
  let bar: ReturnType<typeof progressBar> | undefined;
  const chains = await verifyAllStreams(store, {
    onEvent: options.onEvent,
    onProgress: (position, head) => {
      if (!options.showProgress) return;
      bar ??= progressBar('audit verify', Number(head));
      bar.update(Number(position));
    },
  });
  bar?.stop();
  return { verified: chains.verified, chains };
}

/** The chains' lines of the report: each broken link, then the totals. */
export function formatChains(chains: ChainsReport): string[] {
  const lines = chains.broken.map(
    (b) => `BROKEN ${b.streamId} revision ${b.revision} position ${b.position} event ${b.eventId}: ${b.problem} expected ${b.expectedHash ?? 'null'}, stored ${b.storedHash ?? 'none'}`,
  );
  const totals = `${chains.streams} stream(s), ${chains.events} event(s) (${chains.chainedEvents} chained, ${chains.legacyEvents} recorded before the chain)`;
  lines.push(`chains: ${totals}: ${chains.verified ? 'every link holds' : `${chains.broken.length} stream(s) broken`}`);
  return lines;
}

export async function auditSeal(app: INestApplicationContext, showProgress: boolean): Promise<SealReport> {
  let bar: ReturnType<typeof progressBar> | undefined;
  const report = await sealHistory(app.get<EventStore>(EVENT_STORE), {
    now: () => new Date().toISOString(),
    onProgress: (done, total) => {
      if (!showProgress) return;
      bar ??= progressBar('audit seal', total);
      bar.update(done);
    },
  });
  bar?.stop();
  return report;
}

export const formatSeal = (r: SealReport) =>
  `sealed ${r.streamsSealed} stream(s) covering ${r.eventsCovered} event(s) recorded before the chain; ${r.alreadySealed} already sealed`;
