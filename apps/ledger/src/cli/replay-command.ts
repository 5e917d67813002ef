import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { summariseDifference } from '@ledger/projections';
import { dropPreviousGenerations, replayProjections, ReplayReport } from '../replay';
import { progressBar } from './progress';

type WithLedger = <T>(job: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** What a replay printed: the differences found, one a line, then the summary and what to do next. */
export function formatReplayReport(report: ReplayReport): string[] {
  const lines = report.differences.map((difference) => summariseDifference(difference));
  const built = report.projections.map((p) => `${p.name} (generation ${p.built}, live was ${p.live})`).join(', ');
  lines.push(
    `replayed ${built}: ${report.events} events in ${report.seconds.toFixed(2)} s (${report.eventsPerSecond} events/s), ` +
      `${report.differences.length} difference(s) with the live read models`,
  );
  lines.push(
    report.switched
      ? 'switched: the new generation is live; the previous one is kept until `replay --drop-previous`'
      : 'not switched: the new generation is kept as a candidate; `replay --candidate --switch` makes it live, `replay --drop-previous` drops it',
  );
  return lines;
}

/** `replay`: rebuild, compare and switch read models while the ledger keeps serving. */
export function replayCommand(program: Command, withLedger: WithLedger): void {
  program
    .command('replay')
    .description('Rebuild projections into a new generation of read models while the ledger serves, compare it with the live one and, with --switch, make it live')
    .option('-p, --projection <name...>', 'only these projections (default: all)')
    .option('--switch', 'make the new generation live once built and compared (a running ledger follows within a second)')
    .option('--candidate', 'build nothing: catch up and compare the newest candidate generation (with --switch, make it live)')
    .option('--drop-previous', 'drop every generation but the live one (previous ones and candidates), building nothing')
    .action(async (options: { projection?: string[]; switch?: boolean; candidate?: boolean; dropPrevious?: boolean }) => {
      if (options.dropPrevious) {
        const dropped = await withLedger((app) => dropPreviousGenerations(app, options.projection ?? []));
        for (const d of dropped) console.log(`${d.name}: ${d.dropped.length ? `dropped generation(s) ${d.dropped.join(', ')}` : 'nothing to drop'}`);
        return;
      }
      let bar: ReturnType<typeof progressBar> | undefined;
      const report = await withLedger((app) =>
        replayProjections(app, {
          projections: options.projection,
          switch: options.switch,
          candidate: options.candidate,
          onProgress: (position, head) => {
            if (!process.stderr.isTTY) return;
            bar ??= progressBar('replay', Number(head));
            bar.update(Number(position));
          },
        }),
      ).finally(() => bar?.stop());
      for (const line of formatReplayReport(report)) console.log(line);
      // As verify: read models that differ and stay live are a failure a script should see.
      if (report.differences.length > 0 && !report.switched) process.exitCode = 1;
    });
}
