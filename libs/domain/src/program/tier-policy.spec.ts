import { defaultProgramRules, ProgramRules } from './program-rules';
import { HeldCertification, describeTierChange, tierFor } from './tier-policy';

const rules = defaultProgramRules(); // flagship utm + network, endpoint, email, cloud; platinum = 3 engineers
const cert = (engineerId: string, productLine: string): HeldCertification => ({ engineerId, productLine });
const everyLine = (engineerId: string, r: ProgramRules = rules) => r.productLines.map((line) => cert(engineerId, line));

describe('tierFor', () => {
  it('no certification is none', () => expect(tierFor([], rules)).toBe('none'));

  it('another line without the flagship is none', () => expect(tierFor([cert('e-1', 'network'), cert('e-2', 'cloud')], rules)).toBe('none'));

  it('one engineer on the flagship is silver', () => expect(tierFor([cert('e-1', 'utm')], rules)).toBe('silver'));

  it('several engineers on the flagship only is still silver', () =>
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'utm'), cert('e-3', 'utm')], rules)).toBe('silver'));

  it('flagship plus another line (by any engineer) is gold', () =>
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'endpoint')], rules)).toBe('gold'));

  it('two engineers on every line is still gold', () => expect(tierFor([...everyLine('e-1'), ...everyLine('e-2')], rules)).toBe('gold'));

  it('three engineers on every line is platinum', () =>
    expect(tierFor([...everyLine('e-1'), ...everyLine('e-2'), ...everyLine('e-3')], rules)).toBe('platinum'));

  it('three engineers with one missing a line is gold', () =>
    expect(tierFor([...everyLine('e-1'), ...everyLine('e-2'), ...everyLine('e-3').slice(1)], rules)).toBe('gold'));

  it('duplicate certifications of one engineer do not count as several engineers', () =>
    expect(tierFor([...everyLine('e-1'), ...everyLine('e-1'), ...everyLine('e-1')], rules)).toBe('gold'));

  it('follows the configured program, not hard-coded lines', () => {
    const custom: ProgramRules = {
      ...rules, currency: 'USD', flagshipLine: 'sdwan', productLines: ['sdwan', 'wifi'],
      tiers: { ...rules.tiers, platinum: { engineersCertifiedOnEveryLine: 2 } },
    };
    expect(tierFor([cert('e-1', 'utm')], custom)).toBe('none');
    expect(tierFor([cert('e-1', 'sdwan')], custom)).toBe('silver');
    expect(tierFor([...everyLine('e-1', custom), ...everyLine('e-2', custom)], custom)).toBe('platinum');
  });

  it('reads the criteria as data: a version may ask two flagship engineers for silver, two other-line engineers for gold', () => {
    const stricter: ProgramRules = { ...rules, tiers: { silver: { flagshipEngineers: 2 }, gold: { flagshipEngineers: 2, otherLineEngineers: 2 }, platinum: rules.tiers.platinum } };
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'network')], stricter)).toBe('none');
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'utm')], stricter)).toBe('silver');
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'utm'), cert('e-1', 'cloud')], stricter)).toBe('silver');
    expect(tierFor([cert('e-1', 'utm'), cert('e-2', 'utm'), cert('e-1', 'cloud'), cert('e-3', 'email')], stricter)).toBe('gold');
  });

  it('describes a change with its cause', () => expect(describeTierChange('gold', 'silver', 'x expired')).toBe('gold -> silver: x expired'));
});
