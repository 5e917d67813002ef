import { CommandBus } from '@nestjs/cqrs';
import { ProgramRules, defaultProgramRules } from '@ledger/domain';
import { PartnerRoster, SweepResult } from '../partners';
import { ProgramVersions } from '../write/program';
import { ReevaluateTiersCommand } from './reevaluate-tiers.command';
import { TierReevaluationWork } from './tier-reevaluation.work';

/** The work against a command bus that records what it is asked, and a program with two versions. */
describe('tier re-evaluation as due work', () => {
  const published: ProgramRules[] = [
    defaultProgramRules(),
    { ...defaultProgramRules(), version: 2, effectiveFrom: '2026-12-01T00:00:00Z', tiers: { ...defaultProgramRules().tiers, silver: { flagshipEngineers: 2 } } },
  ];
  const versions = { all: async () => published } as unknown as ProgramVersions;
  const asked: ReevaluateTiersCommand[] = [];
  const bus = {
    execute: async (command: ReevaluateTiersCommand): Promise<SweepResult> => {
      asked.push(command);
      return { asOf: command.body.asOf!, partnersVisited: 3, certificationsExpired: 0, tierChanges: [], position: '0', eventIds: [] };
    },
  } as unknown as CommandBus;
  const work = new TierReevaluationWork(bus, {} as PartnerRoster, versions);

  it('judges every tier once by the version in force when it starts, then again only when another takes effect', async () => {
    expect(await work.run('2026-11-30T12:00:00.000Z')).toBe('tiers judged by version 1: 3 partners visited, 0 tier changes');
    expect(await work.run('2026-11-30T23:59:59.999Z')).toBe('version 1 in force, tiers already judged by it');
    expect(await work.run('2026-12-01T00:00:00.000Z')).toBe('tiers judged by version 2: 3 partners visited, 0 tier changes');
    expect(await work.run('2026-12-02T00:00:00.000Z')).toBe('version 2 in force, tiers already judged by it');

    expect(asked.map((command) => command.body)).toEqual([
      { asOf: '2026-11-30T12:00:00.000Z', occurredAt: '2026-11-30T12:00:00.000Z' },
      { asOf: '2026-12-01T00:00:00.000Z', occurredAt: '2026-12-01T00:00:00.000Z' },
    ]);
    // Recorded as the ledger's own due work, not as anyone's request.
    expect(asked[0]!.context).toMatchObject({ actor: 'ledger', source: 'due-work' });
  });

  it('asks nothing while no version is in force yet', async () => {
    const early = new TierReevaluationWork(bus, {} as PartnerRoster, { all: async () => published.slice(1) } as unknown as ProgramVersions);
    const before = asked.length;
    expect(await early.run('2026-11-01T00:00:00.000Z')).toBe('no version of the program in force yet: nothing to judge tiers by');
    expect(asked).toHaveLength(before);
  });
});
