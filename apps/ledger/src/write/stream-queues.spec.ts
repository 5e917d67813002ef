import { OverloadedError, StreamQueues } from './stream-queues';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamQueues', () => {
  it('gives a stream\'s turn in arrival order, one at a time', async () => {
    const queues = new StreamQueues({ limit: 100, timeoutMs: 5000 });
    const order: number[] = [];
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const release = await queues.acquire(['s']);
        running++;
        most = Math.max(most, running);
        await tick();
        order.push(n);
        running--;
        release();
      }),
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(most).toBe(1);
    expect(queues.waiting).toBe(0);
  });

  it('lets different streams run at once', async () => {
    const queues = new StreamQueues({ limit: 100, timeoutMs: 5000 });
    const a = await queues.acquire(['a']);
    const b = await queues.acquire(['b']); // would hang if streams shared one queue
    expect(queues.waiting).toBe(0);
    a();
    b();
  });

  it('refuses a newcomer once `limit` commands wait, and serves it after room is made', async () => {
    const queues = new StreamQueues({ limit: 2, timeoutMs: 5000 });
    const first = await queues.acquire(['s']);
    const second = queues.acquire(['s']);
    const third = queues.acquire(['s']);
    expect(queues.waiting).toBe(2);
    await expect(queues.acquire(['s'])).rejects.toMatchObject({ reason: 'queue_full' });
    await expect(queues.acquire(['other'])).resolves.toEqual(expect.any(Function)); // a free stream needs no wait
    first();
    (await second)();
    (await third)();
    await expect(queues.acquire(['s'])).resolves.toEqual(expect.any(Function));
  });

  it('refuses a command that waited longer than timeoutMs, and the stream goes on with the next', async () => {
    const queues = new StreamQueues({ limit: 10, timeoutMs: 30 });
    const holder = await queues.acquire(['s']);
    const late = queues.acquire(['s']);
    const refusal = await late.catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OverloadedError);
    expect((refusal as OverloadedError).reason).toBe('wait_timeout');
    expect((refusal as OverloadedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(queues.waiting).toBe(0);
    holder();
    const next = await queues.acquire(['s']); // the timed-out waiter did not take the turn
    next();
  });

  it('takes several streams in one global order, so crossing commands never wait for each other', async () => {
    const queues = new StreamQueues({ limit: 100, timeoutMs: 2000 });
    const done: string[] = [];
    const work = async (name: string, ids: string[]) => {
      const release = await queues.acquire(ids);
      await tick();
      done.push(name);
      release();
    };
    // Asked in opposite orders: taken in the same one, so both finish (no deadlock, no timeout).
    await Promise.all([work('x', ['lead-1', 'opportunity-1']), work('y', ['opportunity-1', 'lead-1']), work('z', ['lead-1'])]);
    expect(done.sort()).toEqual(['x', 'y', 'z']);
  });

  it('gives back the turns already taken when a later one is refused', async () => {
    const queues = new StreamQueues({ limit: 10, timeoutMs: 30 });
    const holdB = await queues.acquire(['b']);
    await expect(queues.acquire(['a', 'b'])).rejects.toBeInstanceOf(OverloadedError);
    const a = await Promise.race([queues.acquire(['a']), new Promise((resolve) => setTimeout(() => resolve('stuck'), 500))]);
    expect(a).toEqual(expect.any(Function));
    holdB();
  });
});
