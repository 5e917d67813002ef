import { SeededRandom } from './seeded-random';

/** The simulator's randomness: the same seed, the same sequence, on every machine. */
describe('seeded random', () => {
  const draws = (seed: number, n = 1000) => {
    const random = new SeededRandom(seed);
    return Array.from({ length: n }, () => random.next());
  };

  it('repeats its sequence for a seed and differs for another', () => {
    expect(draws(42)).toEqual(draws(42));
    expect(draws(43)).not.toEqual(draws(42));
    for (const x of draws(7)) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws integers within their bounds, both included', () => {
    const random = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('picks by weight, never a key weighted zero', () => {
    const random = new SeededRandom(2);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[random.weighted([['a', 1], ['b', 3], ['c', 0]] as const)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it('shuffles into a permutation and clamps log-normal amounts', () => {
    const random = new SeededRandom(3);
    expect(random.shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 0; i < 1000; i++) {
      const x = random.logNormal(100, 2, 50, 500);
      expect(x >= 50 && x <= 500).toBe(true);
    }
  });
});
