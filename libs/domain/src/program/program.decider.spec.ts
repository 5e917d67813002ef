import { ProgramRulesPublished } from '../events';
import { specFor } from '../testing/given-when-then';
import { BEGINNING_OF_TIME, defaultPublishedRules, PublishedRules, rulesInForce } from './program-rules';
import { programDecider } from './program.decider';

const given = specFor(programDecider);
const publish = (rules: Partial<PublishedRules> = {}) => ({ type: 'PublishProgramRules' as const, rules: { ...defaultPublishedRules(), ...rules } });
const published = (version: number, rules: Partial<PublishedRules> = {}): ProgramRulesPublished => ({
  type: 'ProgramRulesPublished', data: { ...defaultPublishedRules(), ...rules, version },
});

describe('program decider (rules as versioned events)', () => {
  it('given nothing, the first publish is version 1', () => given([]).when(publish()).then([published(1)]));

  it('each publish is the next version', () =>
    given([published(1)]).when(publish({ effectiveFrom: '2027-01-01T00:00:00Z', leadProtectionDays: 60 }))
      .then([published(2, { effectiveFrom: '2027-01-01T00:00:00Z', leadProtectionDays: 60 })]));

  it('a version may take effect in the future, or at the same time as the previous one', () =>
    given([published(1), published(2, { effectiveFrom: '2027-01-01T00:00:00Z' })]).when(publish({ effectiveFrom: '2027-01-01T00:00:00Z' }))
      .then([published(3, { effectiveFrom: '2027-01-01T00:00:00Z' })]));

  it('refuses a version taking effect before the previous one', () =>
    given([published(1), published(2, { effectiveFrom: '2027-01-01T00:00:00Z' })]).when(publish({ effectiveFrom: '2026-06-01T00:00:00Z' }))
      .thenRefused('EFFECTIVE_FROM_BEFORE_PREVIOUS'));

  it('refuses a flagship that is not a product line, a line listed twice, a tier with no criterion', () => {
    given([]).when(publish({ flagshipLine: 'sdwan' })).thenRefused('FLAGSHIP_NOT_A_PRODUCT_LINE');
    given([]).when(publish({ productLines: ['utm', 'utm'] })).thenRefused('DUPLICATE_PRODUCT_LINE');
    given([]).when(publish({ tiers: { ...defaultPublishedRules().tiers, gold: { otherLineEngineers: 0 } } })).thenRefused('TIER_WITHOUT_CRITERIA');
    given([]).when(publish({ effectiveFrom: 'soon' })).thenRefused('INVALID_DATE');
  });

  it('refuses a minimum margin for a line it does not have, or for a product without a name', () => {
    given([]).when(publish({ minimumMargins: { '': '10' } })).thenRefused('UNKNOWN_PRODUCT_LINE');
    given([]).when(publish({ minimumMargins: { 'utm/': '10' } })).thenRefused('EMPTY_PRODUCT_NAME');
    given([]).when(publish({ minimumMargins: { utm: { minimum: '10', products: { '': '12' } } } })).thenRefused('EMPTY_PRODUCT_NAME');
    given([]).when(publish({ minimumMargins: { utm: { products: { 'UTM-100': '12' } }, 'network/NET-9000': '15' } })).then([published(1, { minimumMargins: { utm: { products: { 'UTM-100': '12' } }, 'network/NET-9000': '15' } })]);
  });
});

describe('the rules in force', () => {
  const versions = [published(1).data, published(2, { effectiveFrom: '2027-01-01T00:00:00Z' }).data, published(3, { effectiveFrom: '2027-07-01T00:00:00+02:00' }).data];

  it('judges a fact by the version in force when it occurred, not when it is reported', () => {
    expect(rulesInForce(versions, '2026-03-15T10:00:00Z')?.version).toBe(1);
    expect(rulesInForce(versions, '2026-12-31T23:59:59-01:00')?.version).toBe(2); // already 2027 in UTC
    expect(rulesInForce(versions, '2027-03-01T00:00:00Z')?.version).toBe(2);
    expect(rulesInForce(versions, '2027-06-30T22:00:00Z')?.version).toBe(3);
  });

  it('version 1 is in force from the beginning of time', () => {
    expect(rulesInForce(versions, '1999-01-01T00:00:00Z')?.version).toBe(1);
    expect(defaultPublishedRules().effectiveFrom).toBe(BEGINNING_OF_TIME);
    expect(rulesInForce([], '2026-01-01T00:00:00Z')).toBeUndefined();
  });
});
