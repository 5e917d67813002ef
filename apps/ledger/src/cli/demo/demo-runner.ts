import { CommandBus } from '@nestjs/cqrs';
import { describeFailure } from '../../errors/failure';
import { CommandContext } from '../../write/command-context';
import { CommandResult } from '../../write/command-result';
import { EarnCertificationCommand, ExpireCertificationsCommand } from '../../certifications';
import { AwardIncentiveCommand } from '../../incentives';
import { ExtendLeadCommand, LoseLeadCommand, RegisterLeadCommand, ReverseDealCommand, WinDealCommand } from '../../leads';
import { ApproveCoopClaimCommand, RejectCoopClaimCommand, SubmitCoopClaimCommand } from '../../coop';
import { RegisterPartnerCommand } from '../../partners';
import { PublishProgramRulesCommand } from '../../program';
import { IssueSanctionCommand, LiftSuspensionCommand } from '../../sanctions';
import { RecordEngagementCommand } from '../../engagements';
import { CreateChallengeCommand } from '../../challenges';
import { SetPartnerObjectiveCommand, SetTypologyObjectiveCommand } from '../../objectives';
import { DemoExpireLeadCommand, DemoReevaluateTierCommand } from './demo-commands';
import { DemoCommand } from './demo-plan';

/** What the runner needs of the ledger: the command bus (or a stand-in in tests). */
export type DemoCommandBus = Pick<CommandBus, 'execute'>;

export interface DemoRunOptions {
  /** Stop once the commands executed have recorded this many events (counted from their eventIds). */
  targetEvents: number;
  /** Commands in flight at most. */
  concurrency: number;
  /** Recorded in every event's metadata. */
  correlationId: string;
  /** Stops dispatching; the commands in flight finish. */
  signal?: AbortSignal;
  /** Called after each command completes. */
  onProgress?: (progress: DemoProgress) => void;
  /** Wall clock in ms, replaceable in tests. */
  now?: () => number;
  /** Process CPU time in ms (user + system), replaceable in tests. */
  cpu?: () => number;
}

export interface DemoProgress {
  events: number;
  commands: number;
}

export interface DemoSummary {
  /** RegisterPartner commands executed. */
  partners: number;
  commands: number;
  /** Events the executed commands answered with (on a re-run, the ones recorded the first time). */
  events: number;
  /** Refusals by code; the deliberate ones are LEAD_ALREADY_REGISTERED, PARTNER_SUSPENDED, COOP_BALANCE_EXCEEDED. */
  refusals: Record<string, number>;
  /** Refusals the plan did not expect (a different plan on the same data, or a bug). */
  unexpectedRefusals: Record<string, number>;
  /** Commands that recorded another number of events than the plan's model predicted. */
  surprises: number;
  seconds: number;
  eventsPerSecond: number;
  /** Commands, wall time and CPU time when the event count crossed each 5% of the target. */
  milestones: { percent: number; events: number; commands: number; seconds: number; cpuSeconds: number }[];
  stoppedBy: 'target' | 'interrupted';
}

/** The ledger command a planned command stands for. */
export function toLedgerCommand(command: DemoCommand, context: CommandContext) {
  switch (command.type) {
    case 'RegisterPartner':
      return new RegisterPartnerCommand(command.body, context);
    case 'RegisterLead':
      return new RegisterLeadCommand(command.partnerId, command.body, context);
    case 'WinDeal':
      return new WinDealCommand(command.leadId, command.body, context);
    case 'EarnCertification':
      return new EarnCertificationCommand(command.partnerId, command.body, context);
    case 'ExpireCertifications':
      return new ExpireCertificationsCommand(command.partnerId, command.body, context);
    case 'AwardIncentive':
      return new AwardIncentiveCommand(command.partnerId, command.body, context);
    case 'PublishProgramRules':
      return new PublishProgramRulesCommand(command.body, context);
    case 'ReevaluateTier':
      return new DemoReevaluateTierCommand(command.partnerId, command.body, context);
    case 'ExtendLead':
      return new ExtendLeadCommand(command.leadId, command.body, context);
    case 'LoseLead':
      return new LoseLeadCommand(command.leadId, command.body, context);
    case 'ExpireLead':
      return new DemoExpireLeadCommand(command.leadId, command.body, context);
    case 'IssueSanction':
      return new IssueSanctionCommand(command.partnerId, command.body, context);
    case 'LiftSuspension':
      return new LiftSuspensionCommand(command.partnerId, command.body, context);
    case 'RecordEngagement':
      return new RecordEngagementCommand(command.partnerId, command.body, context);
    case 'SetTypologyObjective':
      return new SetTypologyObjectiveCommand(command.typology, command.period, command.body, context);
    case 'SetPartnerObjective':
      return new SetPartnerObjectiveCommand(command.partnerId, command.period, command.body, context);
    case 'CreateChallenge':
      return new CreateChallengeCommand(command.body, context);
    case 'SubmitCoopClaim':
      return new SubmitCoopClaimCommand(command.partnerId, command.body, context);
    case 'ApproveCoopClaim':
      return new ApproveCoopClaimCommand(command.claimId, command.body, context);
    case 'RejectCoopClaim':
      return new RejectCoopClaimCommand(command.claimId, command.body, context);
    case 'ReverseDeal':
      return new ReverseDealCommand(command.leadId, command.body, context);
  }
}

/**
 * Executes a plan through the command bus, `concurrency` commands at a time, until the
 * events recorded reach the target.
 *
 * Reproducible despite the concurrency:
 * - a command waits for the earlier commands sharing one of its keys (same partner, same
 *   customer project), so each stream receives its commands in plan order and the first
 *   registration of a project is always the plan's first;
 * - the next command is dispatched only while the events already recorded plus the most
 *   the commands in flight can still record stay below the target, so the run ends on
 *   exactly the first command that reaches it: the same commands every time, whatever
 *   the timing. A re-run on the same data answers every command from what was recorded
 *   (idempotency keys) and records nothing.
 *
 * Memory is bounded by the commands in flight: nothing is kept per event.
 */
export async function runDemo(bus: DemoCommandBus, plan: Iterable<DemoCommand>, options: DemoRunOptions): Promise<DemoSummary> {
  const { targetEvents, concurrency, signal, onProgress } = options;
  if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
  const now = options.now ?? Date.now;
  const cpu = options.cpu ?? (() => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; });
  const started = now();
  const cpuStarted = cpu();
  const summary: DemoSummary = {
    partners: 0, commands: 0, events: 0, refusals: {}, unexpectedRefusals: {}, surprises: 0,
    seconds: 0, eventsPerSecond: 0, milestones: [], stoppedBy: 'target',
  };

  let inFlight = 0;
  let boundInFlight = 0; // the most events the commands in flight can still record
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const tails = new Map<string, Promise<void>>(); // per key, the last command dispatched with it
  let nextMilestone = 1;

  const completed = (command: DemoCommand, result: CommandResult | undefined, error?: unknown) => {
    if (error !== undefined) {
      const failed = describeFailure(error);
      if (failed.transient || failed.statusCode >= 500) {
        failure ??= { error };
      } else {
        summary.refusals[failed.code] = (summary.refusals[failed.code] ?? 0) + 1;
        if (failed.code !== command.expectedRefusal) summary.unexpectedRefusals[failed.code] = (summary.unexpectedRefusals[failed.code] ?? 0) + 1;
        if (command.expectedEvents !== 0) summary.surprises++;
      }
    } else {
      const events = result?.eventIds.length ?? 0;
      summary.events += events;
      if (events !== command.expectedEvents) summary.surprises++;
    }
    summary.commands++;
    if (command.type === 'RegisterPartner') summary.partners++;
    while (nextMilestone <= 20 && summary.events * 20 >= targetEvents * nextMilestone) {
      summary.milestones.push({
        percent: nextMilestone * 5, events: summary.events, commands: summary.commands,
        seconds: (now() - started) / 1000, cpuSeconds: (cpu() - cpuStarted) / 1000,
      });
      nextMilestone++;
    }
    inFlight--;
    boundInFlight -= command.maxEvents;
    onProgress?.({ events: summary.events, commands: summary.commands });
    const w = wake;
    wake = undefined;
    w?.();
  };

  const dispatch = (command: DemoCommand) => {
    inFlight++;
    boundInFlight += command.maxEvents;
    const before = command.keys.map((key) => tails.get(key)).filter((p): p is Promise<void> => p !== undefined);
    const ready = before.length === 0 ? Promise.resolve() : Promise.all(before);
    const done = ready
      .then(() => {
        const context: CommandContext = {
          actor: 'demo',
          source: 'cli',
          correlationId: options.correlationId,
          causationId: command.idempotencyKey,
          idempotencyKey: command.idempotencyKey,
          receivedAt: new Date(now()).toISOString(),
        };
        return bus.execute(toLedgerCommand(command, context)) as Promise<CommandResult>;
      })
      .then(
        (result) => completed(command, result),
        (error: unknown) => completed(command, undefined, error ?? new Error('command failed')),
      );
    for (const key of command.keys) tails.set(key, done);
    void done.then(() => {
      for (const key of command.keys) if (tails.get(key) === done) tails.delete(key);
    });
  };

  const iterator = plan[Symbol.iterator]();
  let yielded = now();
  for (;;) {
    // An embedded store answers synchronously, so commands can chain on microtasks alone:
    // give timers (the progress bar) and signals (Ctrl-C) a turn now and then.
    if (now() - yielded >= 25) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      yielded = now();
    }
    if (failure) break;
    if (signal?.aborted) {
      summary.stoppedBy = 'interrupted';
      break;
    }
    if (summary.events + boundInFlight >= targetEvents || inFlight >= concurrency) {
      if (inFlight === 0) break; // the target is reached
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const next = iterator.next();
    if (next.done) break;
    dispatch(next.value);
  }
  while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
  if (failure) throw failure.error;

  summary.seconds = (now() - started) / 1000;
  summary.eventsPerSecond = Math.round(summary.events / Math.max(summary.seconds, 1e-3));
  return summary;
}
