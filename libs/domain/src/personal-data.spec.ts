import { IncentiveAwarded } from './events';
import { erasedPerson, isErasedPerson, personalDataOf, personIdentity, personKeyOf, withPersonalFields } from './personal-data';
import { specFor } from './testing/given-when-then';
import { partnerDecider } from './partner/partner.decider';
import { defaultProgramRules } from './program/program-rules';
import { tierFor } from './program/tier-policy';

describe('personal data', () => {
  it('declares the personal fields of the events that hold a person, and none of what is counted', () => {
    expect(personalDataOf({ type: 'IncentiveAwarded' })).toEqual({ person: 'recipient.personId', fields: ['recipient.personId', 'recipient.name', 'reason'] });
    expect(personalDataOf({ type: 'CertificationEarned' })?.fields).not.toContain('productLine');
    expect(personalDataOf({ type: 'DealWon' })).toBeUndefined();
  });

  it('finds the key id of a sealed value and of an erased stand-in; a clear id is its own identity', () => {
    expect(personKeyOf('pii:v1:pk_abc:Zm9v')).toBe('pk_abc');
    expect(personKeyOf(erasedPerson('pk_abc'))).toBe('pk_abc');
    expect(personKeyOf('e-1')).toBeUndefined();
    expect(personIdentity('pii:v1:pk_abc:one')).toBe(personIdentity('pii:v1:pk_abc:other'));
    expect(personIdentity('e-1')).toBe('e-1');
    expect(isErasedPerson('[erased:pk_abc]')).toBe(true);
    expect(isErasedPerson('[erased]')).toBe(false);
  });

  it('rewrites only the declared string fields, on a copy', () => {
    const data: IncentiveAwarded['data'] = {
      partnerId: 'p', incentiveId: 'i', recipient: { personId: 'per-1', name: 'Ada', role: 'technical' }, kind: 'cash', value: { minor: 1, currency: 'EUR' }, reason: 'r',
    };
    const rewritten = withPersonalFields(data, personalDataOf({ type: 'IncentiveAwarded' })!.fields, (value) => value.toUpperCase());
    expect(rewritten).toEqual({ ...data, recipient: { personId: 'PER-1', name: 'ADA', role: 'technical' }, reason: 'R' });
    expect(data.recipient.name).toBe('Ada');
    expect(withPersonalFields({ a: 1 }, ['a', 'b.c'], () => 'x')).toEqual({ a: 1 });
  });

  describe('a partner whose engineers were erased keeps its tier and counts', () => {
    const given = specFor(partnerDecider(defaultProgramRules()));
    const registered = { type: 'PartnerRegistered' as const, data: { partnerId: 'p', name: 'P', typology: 'var' as const, territory: { country: 'FR' } } };
    const earned = (engineerId: string, productLine: string) => ({ type: 'CertificationEarned' as const, data: { partnerId: 'p', engineerId, productLine } });
    const silver = { type: 'TierChanged' as const, data: { partnerId: 'p', from: 'none' as const, to: 'silver' as const, reason: 'r' } };
    const earn = (engineerId: string, productLine: string) => ({ type: 'EarnCertification' as const, partnerId: 'p', engineerId, productLine, occurredAt: '2026-01-01T00:00:00Z' });

    it('an erased engineer still holds their certification: another line makes the partner gold', () =>
      given([registered, earned(erasedPerson('pk_a'), 'utm'), silver]).when(earn('e-2', 'email'))
        .then([earned('e-2', 'email'), expect.objectContaining({ type: 'TierChanged', data: expect.objectContaining({ from: 'silver', to: 'gold' }) })]));

    it('each engineer is one person however their id was sealed: three of them on every line make platinum', () => {
      const rules = defaultProgramRules();
      const held = ['pk_a', 'pk_b', 'pk_c'].flatMap((key) => rules.productLines.map((productLine, n) => ({ engineerId: n === 0 ? erasedPerson(key) : `pii:v1:${key}:sealing-${n}`, productLine })));
      expect(tierFor(held, rules)).toBe('platinum');
    });
  });
});
