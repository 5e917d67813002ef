import { randomBytes } from 'node:crypto';
import { CertificationExpired, IncentiveAwarded, personKeyOf } from '@ledger/domain';
import { PersonalDataVault } from '@ledger/personal-data';
import { InMemoryPersonKeyStore } from '../../../../libs/personal-data/src/testing/in-memory-person-key-store';
import { PersonalData } from './personal-data.service';

/** With a FAKE key store in memory (libs/personal-data/testing): the vault's own crypto, no file. */
describe('sealing events of an erased person', () => {
  const vault = new PersonalDataVault({ store: new InMemoryPersonKeyStore(), masterKey: randomBytes(32) });
  const personal = new PersonalData(vault);
  const incentive = (personId: string): IncentiveAwarded => ({
    type: 'IncentiveAwarded',
    data: { partnerId: 'p1', incentiveId: 'i1', recipient: { personId, name: 'Ada', role: 'technical' }, kind: 'cash', value: { minor: 100, currency: 'EUR' }, reason: 'for Ada' },
  });
  const expiry = (engineerId: string): CertificationExpired => ({ type: 'CertificationExpired', data: { partnerId: 'p1', engineerId, productLine: 'utm', expiredAt: '2026-06-01T00:00:00Z' } });

  beforeAll(async () => {
    await personal.seal([incentive('per-1'), expiry('eng-1')]);
    await personal.erase('per-1');
    await personal.erase('eng-1');
  });

  it('refuses a request carrying the erased person again: 409 PERSON_ERASED, nothing sealed', async () => {
    await expect(personal.seal([incentive('per-1')])).rejects.toMatchObject({ name: 'DomainError', kind: 'conflict', code: 'PERSON_ERASED' });
  });

  it('records an expiry decided from the stream with the erased person\'s stand-in, so the partner\'s other commands go on', async () => {
    const [sealed] = await personal.seal([expiry('eng-1')]);
    expect(sealed!.data.engineerId).toMatch(/^\[erased:pk_/);
    expect(personKeyOf(sealed!.data.engineerId)).toBe(await vault.keyIdOf('p1', 'eng-1'));
    expect(await personal.reveal('CertificationExpired', sealed!.data, 'clear')).toMatchObject({ engineerId: '[erased]' });
  });
});
