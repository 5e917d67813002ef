import { runBenchmark } from './benchmark';
import { parseArgs, UsageError } from './options';
import { formatTable, writeResults } from './results';

/** `npm run bench`: every measurement, a table on stdout, bench/results.json. */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { raw: _raw, ...results } = await runBenchmark(options);
  writeResults(options.out, results);
  process.stdout.write(`${formatTable(results)}\n\nwritten to ${options.out}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
