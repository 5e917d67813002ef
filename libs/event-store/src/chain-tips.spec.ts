import { ChainTips } from './chain-tips';

describe('chain tips', () => {
  it("answers a stream's hash only at the revision it was taken at", () => {
    const tips = new ChainTips();
    tips.set('partner-a', { revision: 3n, hash: 'h3' });
    expect(tips.current('partner-a', 3n)).toBe('h3');
    expect(tips.current('partner-a', 4n)).toBeUndefined(); // another writer appended since
    expect(tips.current('partner-b', 0n)).toBeUndefined();
  });

  it('forgets the stream appended to least recently once full', () => {
    const tips = new ChainTips(2);
    tips.set('a', { revision: 0n, hash: 'a0' });
    tips.set('b', { revision: 0n, hash: 'b0' });
    tips.set('a', { revision: 1n, hash: 'a1' }); // a is now the most recent
    tips.set('c', { revision: 0n, hash: 'c0' });
    expect(tips.current('b', 0n)).toBeUndefined();
    expect(tips.current('a', 1n)).toBe('a1');
    expect(tips.current('c', 0n)).toBe('c0');
  });
});
