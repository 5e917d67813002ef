import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { EVENT_STORE } from '@ledger/event-store';
import { READ_STORE } from '@ledger/read-store';
import { loadConfig } from '../config/ledger-config';
import { formatDemoReport, runDemoCommand, wholeNumber } from './demo/demo-command';
import { openLedgerContext } from './ledger-context';
import { rebuildProjections, verifyReadModels } from './rebuild';
import { resetRelayCheckpoint } from './relay-reset';
import { replayCommand } from './replay-command';

/** The ledger's command line: maintenance jobs on the stores the environment names. */
async function withLedger<T>(job: (app: INestApplicationContext) => Promise<T>, options: { coopReactions?: boolean } = {}): Promise<T> {
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

program
  .command('demo')
  .description('Write a seeded, reproducible demo history through the command path (running it again adds nothing)')
  .option('--partners <n>', 'partners to register', wholeNumber, 2000)
  .option('--events <n>', 'stop once the commands have recorded this many events', wholeNumber, 100000)
  .option('--seed <n>', 'seed of the plan (0 to 2147483647)', wholeNumber, 42)
  .option('--months <n>', 'months of history', wholeNumber, 24)
  .option('--until <date>', 'end of the history, ISO-8601 (default: a fixed date derived from the seed)')
  .option('--concurrency <n>', 'commands in flight at most', wholeNumber, 8)
  .action(async (options: { partners: number; events: number; seed: number; months: number; until?: string; concurrency: number }) => {
    // The demo records wins: their co-op accruals follow, as in a running ledger.
    const report = await withLedger((app) => runDemoCommand(app, options), { coopReactions: true });
    for (const line of formatDemoReport(report)) console.log(line);
    if (report.stoppedBy === 'interrupted') process.exitCode = 130;
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
