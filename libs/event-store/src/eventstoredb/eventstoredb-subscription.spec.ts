import { AllStreamResolvedEvent, UnavailableError } from '@eventstore/db-client';
import { EventEmitter } from 'node:events';
import { STREAM_PREFIXES } from '@ledger/domain';
import { ClientSubscription, SupervisedSubscription } from './eventstoredb-subscription';
import { toEventData } from './translation';

/** A client subscription the test drives by hand. */
class Manual extends EventEmitter implements ClientSubscription {
  paused = false;
  unsubscribed = false;
  constructor(readonly after: bigint | undefined) {
    super();
  }
  pause() {
    this.paused = true;
    return this;
  }
  resume() {
    this.paused = false;
    return this;
  }
  async unsubscribe() {
    this.unsubscribed = true;
  }
  send(position: bigint, streamId = 'partner-1', type = 'PartnerRegistered') {
    const sent = toEventData({
      eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`, type, schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z',
      data: { p: Number(position) }, metadata: { actor: 'a', source: 's', correlationId: 'c', causationId: 'd' },
    });
    const event = {
      streamId, id: sent.id, type, isJson: true, revision: 0n, created: new Date(), data: sent.data, metadata: sent.metadata,
      position: { commit: position, prepare: position },
    };
    this.emit('data', { event, commitPosition: position } as unknown as AllStreamResolvedEvent);
  }
}

function supervised(options: { after?: bigint; highWaterMark?: number } = {}) {
  const opened: Manual[] = [];
  const drops: { error: unknown; resumeAfter: bigint | undefined; delayMs: number }[] = [];
  const subscription = new SupervisedSubscription({
    after: options.after,
    streamPrefixes: STREAM_PREFIXES,
    open: (after) => {
      const manual = new Manual(after);
      opened.push(manual);
      return manual;
    },
    highWaterMark: options.highWaterMark,
    retryDelayMs: 1,
    maxRetryDelayMs: 4,
    onDrop: (error, resumeAfter, delayMs) => drops.push({ error, resumeAfter, delayMs }),
  });
  const latest = () => opened[opened.length - 1]!;
  const reopened = async (count: number) => {
    for (let i = 0; i < 100 && opened.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(opened).toHaveLength(count);
  };
  return { subscription, opened, drops, latest, reopened };
}

const positions = (events: { position: bigint }[]) => events.map((e) => e.position);

describe('supervised subscription to $all', () => {
  it('delivers strictly after the start position, in order, skipping what is not the ledger', async () => {
    const { subscription, latest } = supervised({ after: 10n });
    expect(latest().after).toBe(10n);
    latest().send(10n); // at the checkpoint: already seen
    latest().send(20n);
    latest().send(25n, '$stats-1', '$statsCollected');
    latest().send(26n, 'orders-1');
    latest().send(30n, 'lead-1');
    expect(positions(await subscription.nextBatch(10))).toEqual([20n, 30n]);
    await subscription.close();
  });

  it('resubscribes after the last queued event when the connection drops, and drops what the server sends again', async () => {
    const { subscription, latest, reopened, drops } = supervised();
    latest().send(1n);
    latest().send(2n);
    const first = latest();
    first.emit('error', new UnavailableError(undefined, 'Connection dropped'));
    expect(first.unsubscribed).toBe(true);
    await reopened(2);
    expect(latest().after).toBe(2n);
    expect(drops[0]).toMatchObject({ resumeAfter: 2n });
    first.send(99n); // a late event from the dropped subscription is ignored
    latest().send(2n); // replayed
    latest().send(3n);
    expect(positions(await subscription.nextBatch(10))).toEqual([1n, 2n, 3n]);
    await subscription.close();
  });

  it('treats an end or close nobody asked for as a drop, backing off up to the maximum and resetting on progress', async () => {
    const { subscription, latest, reopened, drops } = supervised();
    latest().emit('end');
    await reopened(2);
    latest().emit('close');
    await reopened(3);
    latest().emit('error', new UnavailableError());
    await reopened(4);
    latest().emit('error', new UnavailableError());
    await reopened(5);
    expect(drops.map((d) => d.delayMs)).toEqual([1, 2, 4, 4]);
    latest().send(7n);
    latest().emit('end');
    await reopened(6);
    expect(drops[4]).toMatchObject({ delayMs: 1, resumeAfter: 7n });
    await subscription.close();
  });

  it('retries when opening itself fails for want of a server', async () => {
    let attempts = 0;
    const subscription = new SupervisedSubscription({
      after: undefined,
      streamPrefixes: STREAM_PREFIXES,
      retryDelayMs: 1,
      open: () => {
        attempts++;
        if (attempts < 3) throw new Error('Failed to discover after 10 attempts.');
        const manual = new Manual(undefined);
        setImmediate(() => manual.send(5n));
        return manual;
      },
    });
    expect(positions(await subscription.nextBatch(10, AbortSignal.timeout(2_000)))).toEqual([5n]);
    expect(attempts).toBe(3);
    await subscription.close();
  });

  it('delivers the events before a poison event, then rejects, and stops listening', async () => {
    const { subscription, latest } = supervised();
    latest().send(1n);
    latest().emit('data', { event: { streamId: 'partner-1', id: 'x', type: 'T', isJson: true, revision: 1n, created: new Date(), data: {}, metadata: {}, position: { commit: 2n, prepare: 2n } } });
    latest().send(3n);
    expect(positions(await subscription.nextBatch(10))).toEqual([1n]);
    await expect(subscription.nextBatch(10)).rejects.toThrow(/envelope/);
    expect(latest().unsubscribed).toBe(true);
    await subscription.close();
  });

  it('keeps a drop for want of a server from the reader, who simply waits', async () => {
    const { subscription, latest, reopened } = supervised();
    latest().emit('error', new UnavailableError());
    await reopened(2);
    await expect(subscription.nextBatch(1, AbortSignal.timeout(20))).resolves.toEqual([]);
    latest().send(4n);
    expect(positions(await subscription.nextBatch(1))).toEqual([4n]);
    await subscription.close();
  });

  it('pauses at the high-water mark and resumes once the reader has taken half', async () => {
    const { subscription, latest } = supervised({ highWaterMark: 4 });
    for (let p = 1n; p <= 4n; p++) latest().send(p);
    expect(latest().paused).toBe(true);
    expect(positions(await subscription.nextBatch(1))).toEqual([1n]);
    expect(latest().paused).toBe(true);
    expect(positions(await subscription.nextBatch(1))).toEqual([2n]);
    expect(latest().paused).toBe(false);
    await subscription.close();
  });

  it('keeps a paused state across a resubscription', async () => {
    const { subscription, latest, reopened } = supervised({ highWaterMark: 2 });
    latest().send(1n);
    latest().send(2n);
    latest().emit('error', new UnavailableError());
    await reopened(2);
    expect(latest().paused).toBe(true);
    await subscription.nextBatch(10);
    expect(latest().paused).toBe(false);
    await subscription.close();
  });

  it('answers [] when aborted or closed, and unsubscribes on close', async () => {
    const { subscription, latest } = supervised();
    const controller = new AbortController();
    const aborted = subscription.nextBatch(10, controller.signal);
    controller.abort();
    await expect(aborted).resolves.toEqual([]);
    const waiting = subscription.nextBatch(10);
    await subscription.close();
    await expect(waiting).resolves.toEqual([]);
    expect(latest().unsubscribed).toBe(true);
    await expect(subscription.nextBatch(10)).resolves.toEqual([]);
  });
});
