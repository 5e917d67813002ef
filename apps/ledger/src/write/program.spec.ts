import { defaultPublishedRules } from '@ledger/domain';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { loadConfig } from '../config/ledger-config';
import { ProgramVersions } from './program';
import { StreamWriter } from './stream-writer';

/** A program stream read back, slowly: each read waits a turn, so concurrent reads overlap. */
function programStream(count: number): Pick<EventStore, 'readStream'> {
  const events: RecordedEvent[] = Array.from({ length: count }, (_, n) => ({
    eventId: `e${n}`, type: 'ProgramRulesPublished', schemaVersion: 1, streamId: 'program', revision: BigInt(n), position: BigInt(n + 1),
    occurredAt: '2026-01-01T00:00:00Z', recordedAt: '2026-01-01T00:00:00Z', metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'c' },
    data: { ...defaultPublishedRules(), effectiveFrom: `${2026 + n}-01-01T00:00:00Z`, version: n + 1 },
  }));
  return {
    readStream: async (_stream, options) => {
      await new Promise((resolve) => setImmediate(resolve));
      return events.filter((event) => event.revision >= (options?.fromRevision ?? 0n));
    },
  };
}

describe('program versions read from the stream', () => {
  it('takes each version once however many reads overlap, and judges by the version in force', async () => {
    const versions = new ProgramVersions(programStream(3) as EventStore, loadConfig({}), undefined as unknown as StreamWriter);
    const lists = await Promise.all(Array.from({ length: 10 }, () => versions.all()));
    for (const list of lists) expect(list.map((rules) => rules.version)).toEqual([1, 2, 3]);
    expect((await versions.at('2027-06-01T00:00:00Z')).rules.version).toBe(2);
    expect((await versions.at('2020-06-01T00:00:00Z')).rules.version).toBe(1);
  });
});
