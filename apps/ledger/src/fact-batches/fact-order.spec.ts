import { runInResourceOrder } from './fact-order';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runInResourceOrder', () => {
  it('runs tasks sharing a resource in the order given, and the others side by side', async () => {
    const log: string[] = [];
    const task = (name: string, resources: string[], turns: number) => ({
      resources,
      run: async () => {
        log.push(`${name} starts`);
        for (let i = 0; i < turns; i++) await tick();
        log.push(`${name} ends`);
        return name;
      },
    });
    const results = await runInResourceOrder([task('a1', ['a'], 3), task('b1', ['b'], 1), task('a2', ['a', 'c'], 1), task('c1', ['c'], 1)], () => true, 10);
    expect(results).toEqual(['a1', 'b1', 'a2', 'c1']);
    // b1 does not wait for a1; a2 waits for a1; c1 waits for a2 (they share c).
    expect(log.indexOf('b1 starts')).toBeLessThan(log.indexOf('a1 ends'));
    expect(log.indexOf('a2 starts')).toBeGreaterThan(log.indexOf('a1 ends'));
    expect(log.indexOf('c1 starts')).toBeGreaterThan(log.indexOf('a2 ends'));
  });

  it('tells a task that an earlier one sharing its resources did not go well, transitively', async () => {
    const seen: Record<string, boolean> = {};
    const task = (name: string, resources: string[], ok: boolean) => ({
      resources,
      run: async (predecessorsOk: boolean) => {
        seen[name] = predecessorsOk;
        return { name, ok: ok && predecessorsOk };
      },
    });
    await runInResourceOrder([task('a1', ['a'], false), task('a2', ['a', 'b'], true), task('b1', ['b'], true), task('c1', ['c'], true)], (r) => r.ok, 10);
    expect(seen).toEqual({ a1: true, a2: false, b1: false, c1: true });
  });

  it('runs at most `limit` tasks at once', async () => {
    let running = 0;
    let most = 0;
    const tasks = Array.from({ length: 20 }, (_, i) => ({
      resources: [`r${i}`],
      run: async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
        return i;
      },
    }));
    expect(await runInResourceOrder(tasks, () => true, 3)).toEqual(tasks.map((_, i) => i));
    expect(most).toBe(3);
  });
});
