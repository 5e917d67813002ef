import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { FactBatches } from '../fact-batches';
import { formatImportReport, importFile } from '../imports';
import { HEADER_VALUE } from '../http/request-context';
import { wholeNumber } from './demo/demo-command';
import { stopOnInterrupt } from './interrupt';

type WithLedger = <T>(job: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** Exit code of a command line the import cannot run (as commander's own usage errors mean). */
const BAD_USAGE = 2;

/**
 * `import <file|->`: facts in the Kafka message format, one a line. Exit 0 once every line is
 * recorded or refused (refusals are expected in a backfill: they are counted and written to the
 * rejects file), 130 when interrupted (run it again to continue), 1 when a store stays unavailable,
 * 2 for a command line it cannot run.
 */
export function importCommand(program: Command, withLedger: WithLedger): void {
  program
    .command('import')
    .description('Record facts written in the Kafka message format, one JSON message a line (docs/kafka.md); resumable after Ctrl-C')
    .argument('<file>', 'an NDJSON file, or - for standard input')
    .option('--rejects <file>', 'where refused lines go, with their line number, code and reason (default: <file>.rejects.ndjson; required with -)')
    .option('--correlation-id <id>', 'recorded in every fact\'s events as its correlation id, as the x-correlation-id header of a Kafka message')
    .option('--chunk <lines>', 'lines recorded together', wholeNumber, 2000)
    .action(async (input: string, options: { rejects?: string; correlationId?: string; chunk: number }) => {
      const usage = usageProblem(input, options);
      if (usage) {
        console.error(`import: ${usage}`);
        process.exitCode = BAD_USAGE;
        return;
      }
      const rejects = options.rejects ?? `${input}.rejects.ndjson`;
      const interrupt = stopOnInterrupt('after the chunk in hand');
      try {
        const report = await withLedger((app) =>
          importFile(input, app.get(FactBatches), { chunkSize: options.chunk, rejects, correlationId: options.correlationId, showProgress: process.stderr.isTTY, signal: interrupt.signal }),
        );
        console.log(formatImportReport(input, report, rejects));
        if (report.stopped) {
          console.log(input === '-' ? `to continue, import the lines after line ${report.endLine}` : 'run the same command again to continue from there');
          process.exitCode = 130;
        }
      } finally {
        interrupt.dispose();
      }
    });
}

function usageProblem(input: string, options: { rejects?: string; correlationId?: string; chunk: number }): string | undefined {
  if (input === '-' && options.rejects === undefined) return 'reading standard input, say where refused lines go: --rejects <file>';
  if (input !== '-' && !existsSync(input)) return `no such file: ${input}`;
  if (options.correlationId !== undefined && !HEADER_VALUE.test(options.correlationId)) return '--correlation-id must be 1 to 200 visible ASCII characters';
  if (!(options.chunk >= 1 && options.chunk <= 10_000)) return '--chunk must be from 1 to 10000 lines';
  return undefined;
}
