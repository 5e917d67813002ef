import { setTimeout as sleep } from 'node:timers/promises';
import { CORRELATION_HEADER } from '../kafka/activity-translation';
import type { FactMessage, FactOutcome, RecordFactsOptions } from '../fact-batches';
import { lineFact } from './import-line';
import { ImportLine, LineChunk } from './ndjson-chunks';

/** What the import needs of the ledger: the batch engine the Kafka consumer uses too. */
export interface FactRecorder {
  recordFacts(messages: FactMessage[], options?: RecordFactsOptions): Promise<FactOutcome[]>;
}

/** A line the ledger did not record, with the code and reason the dead-letter topic would carry. */
export interface ImportRefusal {
  line: number;
  code: string;
  message: string;
}

export interface ImportSummary {
  recorded: number;
  alreadyRecorded: number;
  refused: number;
  refusedByCode: Record<string, number>;
  /** The highest position of the facts recorded (or found recorded): a read with `?minPosition=` sees them all. */
  lastPosition: string | null;
  /** Where the input stands after the last chunk recorded. */
  endOffset: number;
  endLine: number;
  /** True when a stop was asked for before the input's end. */
  stopped: boolean;
}

export interface ImportOptions {
  /** Ledger time of receipt of every fact (default: when its chunk is recorded). */
  receivedAt?: string;
  /** Carried as the `x-correlation-id` header of every fact, as a Kafka publisher would. */
  correlationId?: string;
  /** Called once a chunk is recorded, with the totals so far. */
  onChunk?: (summary: ImportSummary) => void | Promise<void>;
  /** Called for each line refused, with the line as it was (null when too long to keep). */
  onRefusal?: (refusal: ImportRefusal, value: Buffer | null) => void | Promise<void>;
  /** Checked between chunks: the chunk in hand is always finished. */
  stopRequested?: () => boolean;
  /** Pauses before offering again the facts a store could not take (then the import gives up). */
  retryPausesMs?: number[];
}

const RETRY_PAUSES_MS = [200, 500, 1000, 2000, 5000, 10_000];

/** A store stayed unavailable: the facts of the chunk in hand were not all recorded. */
export class ImportStalledError extends Error {
  constructor(
    readonly code: string,
    reason: string,
    readonly line: number,
  ) {
    super(`line ${line} could not be recorded for now (${code}: ${reason}); the lines before its chunk are recorded`);
  }
}

/** A line too long to be a message, refused as the consumer refuses such a value. */
const TOO_LARGE = { code: 'PAYLOAD_TOO_LARGE', message: 'the line is longer than a message may be (64 KiB)' };

/**
 * Records the lines of an import, chunk after chunk, through the batch engine: each line is the
 * value of a Kafka message (same schemas, same ids), so importing a fact that arrived over Kafka,
 * or importing a file twice, records nothing more. Refusals do not stop the import.
 */
export async function importFacts(chunks: AsyncIterable<LineChunk>, recorder: FactRecorder, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { recorded: 0, alreadyRecorded: 0, refused: 0, refusedByCode: {}, lastPosition: null, endOffset: 0, endLine: 0, stopped: false };
  const headers = options.correlationId === undefined ? undefined : { [CORRELATION_HEADER]: options.correlationId };
  const refuse = async (line: ImportLine, code: string, message: string) => {
    summary.refused++;
    summary.refusedByCode[code] = (summary.refusedByCode[code] ?? 0) + 1;
    await options.onRefusal?.({ line: line.line, code, message }, line.value);
  };
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    if (options.stopRequested?.()) {
      summary.stopped = true;
      await iterator.return?.();
      break;
    }
    const next = await iterator.next();
    if (next.done) break;
    const chunk = next.value;
    // Each line: refused here (too long, a malformed record), or a fact for the engine.
    const facts = chunk.lines.map((line) => (line.value === null ? { ok: false as const, ...TOO_LARGE } : lineFact(line.value, headers)));
    const offered = chunk.lines.filter((_, i) => facts[i]!.ok);
    const messages = facts.flatMap((f) => (f.ok ? [f.fact] : []));
    const outcomes = await recordWithRetries(recorder, messages, offered.map((l) => l.line), options.retryPausesMs ?? RETRY_PAUSES_MS, options.receivedAt);
    let at = 0;
    for (const [i, line] of chunk.lines.entries()) {
      const fact = facts[i]!;
      if (!fact.ok) {
        await refuse(line, fact.code, fact.message);
        continue;
      }
      const outcome = outcomes[at++]!;
      if (outcome.status === 'refused') await refuse(line, outcome.code, outcome.message);
      else if (outcome.status === 'recorded' || outcome.status === 'already-recorded') {
        if (outcome.status === 'recorded') summary.recorded++;
        else summary.alreadyRecorded++;
        if (outcome.position !== undefined && (summary.lastPosition === null || BigInt(outcome.position) > BigInt(summary.lastPosition))) summary.lastPosition = outcome.position;
      }
    }
    summary.endOffset = chunk.endOffset;
    summary.endLine = chunk.endLine;
    await options.onChunk?.(summary);
  }
  return summary;
}

/** Offers again, after a pause, the facts answered `retry` (the engine kept their order), until none is left or the pauses run out. */
async function recordWithRetries(recorder: FactRecorder, messages: FactMessage[], lineNumbers: number[], pauses: number[], receivedAt?: string): Promise<FactOutcome[]> {
  const outcomes = await recorder.recordFacts(messages, { receivedAt, attempt: 1, origin: (index) => `line ${lineNumbers[index]}` });
  for (let attempt = 2; ; attempt++) {
    const waiting = outcomes.flatMap((outcome, index) => (outcome.status === 'retry' ? [index] : []));
    if (waiting.length === 0) return outcomes;
    const first = outcomes[waiting[0]] as Extract<FactOutcome, { status: 'retry' }>;
    if (attempt - 2 >= pauses.length) throw new ImportStalledError(first.code, first.message, lineNumbers[waiting[0]]);
    await sleep(pauses[attempt - 2]);
    const again = await recorder.recordFacts(waiting.map((index) => messages[index]), { receivedAt, attempt, origin: (i) => `line ${lineNumbers[waiting[i]]}` });
    waiting.forEach((index, i) => (outcomes[index] = again[i]));
  }
}
