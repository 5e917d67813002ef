import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { ZodError } from 'zod';
import { EVENT_STORE } from '@ledger/event-store';
import { READ_STORE } from '@ledger/read-store';
import { addCheckProofCommand, formatTreeCheck, TreeRecomputation } from '../audit-tree';
import { loadConfig } from '../config/ledger-config';
import { describeZodError } from '../errors/failure';
import { parseExportFilter } from '../audit-search';
import { exportEvents } from './audit-export';
import { formatDemoReport, runDemoCommand, wholeNumber } from './demo/demo-command';
import { writeDemoFacts } from './demo/demo-facts-out';
import { openLedgerContext } from './ledger-context';
import { auditSeal, auditVerify, formatChains, formatSeal } from './audit';
import { rebuildProjections, verifyReadModels } from './rebuild';
import { resetRelayCheckpoint } from './relay-reset';
import { replayCommand } from './replay-command';
import { importCommand } from './import-command';
import { openApiCommand } from './openapi-command';

/** The ledger's command line: maintenance jobs on the stores the environment names. */
async function withLedger<T>(job: (app: INestApplicationContext) => Promise<T>, options: { coopReactions?: boolean; logsToStderr?: boolean } = {}): Promise<T> {
  const app = await openLedgerContext(loadConfig(), options);
  try {
    return await job(app);
  } finally {
    await app.close();
  }
}

const program = new Command('ledger').description('Partner Ledger maintenance commands').showHelpAfterError();

program
  .command('rebuild')
  .description('Rebuild read models from position zero (stop the running ledger first, or run it with PROJECTOR_ENABLED=false)')
  .option('-p, --projection <name...>', 'only these projections (default: all)')
  .action(async (options: { projection?: string[] }) => {
    const r = await withLedger((app) => rebuildProjections(app, options.projection ?? [], process.stderr.isTTY));
    console.log(`${r.projections.join(', ')}: ${r.events} events in ${r.seconds.toFixed(2)} s (${r.eventsPerSecond} events/s)`);
  });

program
  .command('verify')
  .description('Rebuild every projection into a scratch store and compare it with the live read models')
  .action(async () => {
    const differences = await withLedger(verifyReadModels);
    if (differences.length === 0) {
      console.log('read models match the events: no difference');
      return;
    }
    for (const d of differences) console.log(JSON.stringify(d));
    console.log(`${differences.length} document(s) differ`);
    process.exitCode = 1;
  });

replayCommand(program, withLedger);
importCommand(program, withLedger);
openApiCommand(program);

program
  .command('relay')
  .description('The Kafka relay of recorded events')
  .command('reset')
  .description("Point the relay's checkpoint at the connected event store, after a switch of event stores (stop the ledger first)")
  .option('--topic <name>', 'relay topic (default: KAFKA_RELAY_TOPIC, with KAFKA_BROKERS set as for the ledger)')
  .option('--from-head', "publish only the events recorded from now on, not the connected store's whole history")
  .action(async (options: { topic?: string; fromHead?: boolean }) => {
    const topic = options.topic ?? loadConfig().kafka?.relay.topic;
    if (!topic) throw new Error('no relay topic: run with the ledger\'s KAFKA_BROKERS (and KAFKA_RELAY_TOPIC), or pass --topic');
    const r = await withLedger((app) => resetRelayCheckpoint(app.get(EVENT_STORE), app.get(READ_STORE), topic, options.fromHead ?? false));
    console.log(`${r.checkpoint}: now follows the ${r.source.kind} event store ${r.source.storeId}, ${r.after === null ? 'from its start' : `after position ${r.after}`}`);
  });

const audit = program.command('audit').description("Check the ledger without trusting its operators, and take its events away: hash chains, the Merkle tree and its proofs, exports (docs/audit.md)");

audit
  .command('verify')
  .description(
    "Recompute every stream's hash chain (or one's) from the stored events and print each stream's first broken link; " +
      'with every stream, recompute the Merkle tree too and compare it with the tree read model and, given one, with your earlier digest',
  )
  .option('--stream <streamId>', 'only this stream (the tree is not checked)')
  .option('--digest <rootHash>', 'an earlier digest\'s root, checked against the tree recomputed at --size')
  .option('--size <treeSize>', 'that digest\'s tree size', wholeNumber)
  .action(async (options: { stream?: string; digest?: string; size?: number }) => {
    if ((options.digest === undefined) !== (options.size === undefined)) throw new Error('--digest and --size go together');
    if (options.stream !== undefined && options.digest !== undefined) throw new Error('--digest checks the whole tree: leave out --stream');
    const kept = options.digest === undefined ? undefined : { rootHash: options.digest, treeSize: options.size! };
    const { report, tree } = await withLedger(async (app) => {
      const tree = options.stream === undefined ? await TreeRecomputation.start(app.get(READ_STORE), kept) : undefined;
      const report = await auditVerify(app, { streamId: options.stream, showProgress: process.stderr.isTTY, onEvent: tree && ((event) => tree.add(event)) });
      return { report, tree: tree?.result() };
    });
    for (const line of formatChains(report.chains)) console.log(line);
    if (tree) for (const line of formatTreeCheck(tree)) console.log(line);
    if (!report.verified || (tree && !tree.verified)) process.exitCode = 1;
  });

addCheckProofCommand(audit);

audit
  .command('seal')
  .description('Record, once, a HistorySealed in each stream holding events recorded before the chain (safe while the ledger runs)')
  .action(async () => {
    console.log(formatSeal(await withLedger((app) => auditSeal(app, process.stderr.isTTY))));
  });

program
  .command('demo')
  .description('Write a seeded, reproducible demo history through the command path (running it again adds nothing)')
  .option('--partners <n>', 'partners to register', wholeNumber, 2000)
  .option('--events <n>', 'stop once the commands have recorded this many events', wholeNumber, 100000)
  .option('--seed <n>', 'seed of the plan (0 to 2147483647)', wholeNumber, 42)
  .option('--months <n>', 'months of history', wholeNumber, 24)
  .option('--until <date>', 'end of the history, ISO-8601 (default: a fixed date derived from the seed)')
  .option('--concurrency <n>', 'commands in flight at most', wholeNumber, 8)
  .option('--facts-out <file>', 'record nothing: write the history\'s Kafka facts, one a line, for `ledger import` (commands that are no Kafka fact are counted, not written)')
  .action(async (options: { partners: number; events: number; seed: number; months: number; until?: string; concurrency: number; factsOut?: string }) => {
    if (options.factsOut !== undefined) {
      const r = await withLedger((app) => writeDemoFacts(app, options, options.factsOut!));
      const skipped = Object.entries(r.notFacts).map(([type, n]) => `${type}=${n}`).join(' ') || 'none';
      console.log(`wrote ${r.facts} facts to ${options.factsOut}; not Kafka facts, not written: ${skipped}`);
      return;
    }
    // The demo records wins: their co-op accruals follow, as in a running ledger.
    const report = await withLedger((app) => runDemoCommand(app, options), { coopReactions: true });
    for (const line of formatDemoReport(report)) console.log(line);
    if (report.stoppedBy === 'interrupted') process.exitCode = 130;
  });

/** Wrong options, said as the API says them (`from: …`), not as zod's JSON. */
function exportOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof ZodError ? new Error(`audit export: ${describeZodError(error)}`) : error;
  }
}

audit
  .command('export')
  .description('The events as recorded, as NDJSON (one a line, in position order), as GET /audit/export sends them')
  .option('--partner <partnerId>', 'only the events of this partner (its own and its leads\')')
  .option('--from <instant>', 'only events recorded at or after this instant (ISO-8601 with an offset)')
  .option('--to <instant>', 'only events recorded before this instant')
  .option('--occurred', 'bound occurredAt rather than recordedAt')
  .option('--type <type...>', 'only events of these types')
  .requiredOption('--out <file>', 'where to write them (- for standard output)')
  .action(async (options: { partner?: string; from?: string; to?: string; occurred?: boolean; type?: string[]; out: string }) => {
    const filter = exportOptions(() => parseExportFilter({ partnerId: options.partner, from: options.from, to: options.to, type: options.type, time: options.occurred ? 'occurred' : 'recorded' }));
    const r = await withLedger((app) => exportEvents(app, filter, options.out, process.stderr.isTTY), { logsToStderr: options.out === '-' });
    // The summary goes to stderr: with --out -, stdout is the export itself.
    console.error(`${r.events} events exported through position ${r.through} in ${r.seconds.toFixed(2)} s (${r.eventsPerSecond} events/s) to ${options.out === '-' ? 'standard output' : options.out}`);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
