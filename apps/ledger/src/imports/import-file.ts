import { appendFileSync, createReadStream, existsSync, writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { FactRecorder, importFacts, ImportRefusal, ImportSummary } from './fact-import';
import { clearProgress, fileIdentity, readProgress, writeProgress } from './import-progress-file';
import { ndjsonChunks } from './ndjson-chunks';

export interface ImportFileOptions {
  /** Lines per chunk handed to the engine. */
  chunkSize: number;
  /** Where refused lines go (default `<file>.rejects.ndjson`; required for standard input). */
  rejects: string;
  correlationId?: string;
  showProgress: boolean;
  /** Aborted: the chunk in hand is finished and recorded as the place to continue from. */
  signal?: AbortSignal;
}

export interface ImportFileReport extends ImportSummary {
  /** The line the import started after (0 unless it resumed). */
  resumedAfterLine: number;
  seconds: number;
  factsPerSecond: number;
}

/**
 * Imports an NDJSON file (or standard input, `-`) through the engine, writing refused lines to
 * the rejects file and, for a file, where it got to after every chunk: run again after an
 * interruption, it continues from there (and a lost progress file only costs time, since ids make
 * the lines already recorded no-ops). A completed import clears its progress.
 */
export async function importFile(input: string, recorder: FactRecorder, options: ImportFileOptions): Promise<ImportFileReport> {
  const fromStdin = input === '-';
  const resume = fromStdin ? undefined : readProgress(input);
  const identity = fromStdin ? undefined : fileIdentity(input);
  // A fresh import starts a fresh rejects file; a resumed one adds to it.
  if (!resume || !existsSync(options.rejects)) writeFileSync(options.rejects, '');
  const stream = fromStdin ? process.stdin : createReadStream(input, { start: resume?.offset ?? 0, highWaterMark: 1 << 20 });
  const bar = options.showProgress ? importBar(identity?.size) : undefined;
  const started = Date.now();
  let rejected: string[] = [];
  const onRefusal = (refusal: ImportRefusal, value: Buffer | null) => {
    // The line itself, when it was JSON, so that it can be fixed and imported again.
    rejected.push(JSON.stringify({ ...refusal, value: parsedOrNull(value) }));
  };
  const facts = (s: ImportSummary) => s.recorded + s.alreadyRecorded + s.refused;
  try {
    const summary = await importFacts(ndjsonChunks(stream, { size: options.chunkSize, startOffset: resume?.offset, startLine: resume?.line }), recorder, {
      correlationId: options.correlationId,
      onRefusal,
      stopRequested: () => options.signal?.aborted ?? false,
      onChunk: (s) => {
        if (rejected.length > 0) appendFileSync(options.rejects, `${rejected.join('\n')}\n`);
        rejected = [];
        if (identity) writeProgress(input, { ...identity, offset: s.endOffset, line: s.endLine });
        bar?.update(identity ? s.endOffset : facts(s), { facts: facts(s), rate: Math.round(facts(s) / Math.max((Date.now() - started) / 1000, 0.001)) });
      },
    });
    if (!summary.stopped && identity) clearProgress(input);
    if (summary.endLine === 0 && resume) Object.assign(summary, { endOffset: resume.offset, endLine: resume.line });
    const seconds = (Date.now() - started) / 1000;
    return { ...summary, resumedAfterLine: resume?.line ?? 0, seconds, factsPerSecond: Math.round(facts(summary) / Math.max(seconds, 0.001)) };
  } finally {
    bar?.stop();
    if (!fromStdin) stream.destroy();
  }
}

function parsedOrNull(value: Buffer | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return value.toString('utf8');
  }
}

/** Bytes done of the file's size (facts for standard input), with facts/s. */
function importBar(size: number | undefined) {
  const format = size === undefined ? 'import {facts} facts | {rate} facts/s' : 'import [{bar}] {percentage}% | {value}/{total} bytes | {facts} facts | {rate} facts/s | ETA {eta_formatted}';
  const bar = new SingleBar({ format, stream: process.stderr, noTTYOutput: false, etaBuffer: 50 }, Presets.shades_classic);
  bar.start(size ?? 0, 0, { facts: 0, rate: 0 });
  return bar;
}

/** The summary line `ledger import` prints. */
export function formatImportReport(input: string, report: ImportFileReport, rejects: string): string {
  const byCode = Object.entries(report.refusedByCode).sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code}=${n}`).join(' ');
  const where = input === '-' ? 'standard input' : input;
  return (
    `${report.stopped ? 'import interrupted' : 'imported'} ${where}${report.resumedAfterLine ? ` (resumed after line ${report.resumedAfterLine})` : ''} ` +
    `through line ${report.endLine}: recorded ${report.recorded}, already recorded ${report.alreadyRecorded}, refused ${report.refused}` +
    `${report.refused ? ` (${byCode}; see ${rejects})` : ''} in ${report.seconds.toFixed(1)} s (${report.factsPerSecond} facts/s)` +
    `${report.lastPosition === null ? '' : `; last position ${report.lastPosition}`}`
  );
}
