import { opportunityKey } from './opportunity-key';

describe('opportunityKey', () => {
  it('ignores case and surrounding spaces', () =>
    expect(opportunityKey('  C-42 ', ' Firewall Refresh\t')).toBe(opportunityKey('c-42', 'firewall refresh')));

  it('is a readable, URL-safe key', () => expect(opportunityKey('C-42', 'Firewall Refresh')).toBe('c-42/firewall%20refresh'));

  it('different projects of the same customer differ', () =>
    expect(opportunityKey('c-42', 'firewall refresh')).not.toBe(opportunityKey('c-42', 'email security')));

  it('the same project name at different customers differs', () =>
    expect(opportunityKey('c-42', 'firewall refresh')).not.toBe(opportunityKey('c-43', 'firewall refresh')));

  it('a slash cannot make two different pairs collide', () =>
    expect(opportunityKey('a/b', 'c')).not.toBe(opportunityKey('a', 'b/c')));

  it('inner spaces are significant', () => expect(opportunityKey('c-42', 'big  project')).not.toBe(opportunityKey('c-42', 'big project')));
});
