import { INestApplicationContext } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DemoCliOptions, demoPlanOptions } from './demo-command';
import { demoFactLine, demoSteps } from './demo-facts';
import { demoPlan } from './demo-plan';

export interface DemoFactsReport {
  facts: number;
  /** The plan's commands that are no Kafka fact (program rules, sweeps, suspensions lifted, claims decided): not written. */
  notFacts: Record<string, number>;
}

/**
 * `demo --facts-out <file>`: the demo's history as the lines `ledger import` reads, one Kafka
 * record (key and value) a line, recording nothing. Ids are UUID v5 of the plan's idempotency keys:
 * writing the same options again writes the same file.
 */
export async function writeDemoFacts(app: INestApplicationContext, options: Omit<DemoCliOptions, 'concurrency'>, file: string): Promise<DemoFactsReport> {
  const plan = demoPlan(await demoPlanOptions(app, options));
  const out = createWriteStream(file);
  const report: DemoFactsReport = { facts: 0, notFacts: {} };
  for (const { command, fact } of demoSteps(plan, options.events)) {
    if (!fact) {
      report.notFacts[command.type] = (report.notFacts[command.type] ?? 0) + 1;
      continue;
    }
    report.facts++;
    if (!out.write(`${demoFactLine(command, fact)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return report;
}
