import { LedgerEvent, money } from '@ledger/domain';
import { RecordedEvent } from '@ledger/event-store';
import { InvalidCursorError } from '@ledger/read-store';
import { evolveCertificationHistory, certificationsHeldAt, CertificationHistory } from './certification-history';
import { certificationsEarnedFor, contributionsPage, contributionsTo, evidenceMetric } from './scorecard-evidence';

let position = 0n;
const recorded = (event: LedgerEvent, occurredAt: string): RecordedEvent => ({
  ...event, eventId: `e${++position}`, schemaVersion: 1, streamId: 's', revision: 0n, position, occurredAt, recordedAt: occurredAt,
  metadata: { actor: 'spec', source: 'test', correlationId: 'c', causationId: 'c' },
});
const won = (partnerId: string, minor: number, at: string) => recorded({ type: 'DealWon', data: { leadId: 'l', partnerId, amount: money(minor, 'EUR'), lines: [] } }, at);
const reversed = (minor: number, total: number, at: string) =>
  recorded({ type: 'DealReversed', data: { leadId: 'l', partnerId: 'p1', reversalId: `r${minor}`, amount: money(minor, 'EUR'), reason: 'refund', lines: [], totalReversed: money(total, 'EUR'), wonAmount: money(1000_00, 'EUR') } }, at);
const earned = (engineerId: string, productLine: string, at: string) => recorded({ type: 'CertificationEarned', data: { partnerId: 'p1', engineerId, productLine } }, at);

describe('the evidence of a scorecard figure', () => {
  const events = [
    won('p1', 1000_00, '2026-03-02T10:00:00Z'),
    won('p2', 5000_00, '2026-03-03T10:00:00Z'), // another partner's
    reversed(300_00, 300_00, '2026-03-20T10:00:00Z'),
    reversed(700_00, 1000_00, '2026-04-02T10:00:00Z'), // the last of the deal: counted as reversed in full, in April
    won('p1', 250_00, '2026-03-31T23:30:00-02:00'), // April in UTC
  ];

  it('lists the partner\'s events the period counts, each with what it adds', () => {
    const of = (period: string, metric: Parameters<typeof contributionsTo>[3]) => contributionsTo(events, 'p1', period, metric).map((c) => [c.event.eventId, c.contribution]);
    expect(of('2026-03', 'revenueWon')).toEqual([['e1', 1000_00]]);
    expect(of('2026-03', 'netRevenue')).toEqual([['e1', 1000_00], ['e3', -300_00]]);
    expect(of('2026-04', 'netRevenue')).toEqual([['e4', -700_00], ['e5', 250_00]]);
    expect(of('2026-03', 'dealsReversed')).toEqual([]); // a partial reversal reverses no deal
    expect(of('2026-Q2', 'dealsReversed')).toEqual([['e4', 1]]);
    expect(of('2026', 'dealsWon')).toEqual([['e1', 1], ['e5', 1]]);
  });

  it('lists one certification earned per engineer certified at the end of the period', () => {
    const certifications = [earned('a', 'utm', '2026-01-10T00:00:00Z'), earned('a', 'edr', '2026-01-11T00:00:00Z'), earned('b', 'utm', '2026-02-01T00:00:00Z')];
    const history = certifications.reduce<CertificationHistory | undefined>((h, e) => evolveCertificationHistory(h, e as RecordedEvent<LedgerEvent>, e.occurredAt) ?? h, undefined);
    const held = certificationsHeldAt(history, '2026-01', '2030-01-01T00:00:00Z');
    expect(certificationsEarnedFor(certifications, 'p1', held).map((c) => c.event.eventId)).toEqual([certifications[0]!.eventId]);
    expect(certificationsEarnedFor(certifications, 'p1', certificationsHeldAt(history, '2026-02', '2030-01-01T00:00:00Z'))).toHaveLength(2);
  });

  it('pages by position, with a cursor of its own metric only', () => {
    const all = contributionsTo(events, 'p1', '2026', 'netRevenue');
    const first = contributionsPage(all, 'netRevenue', 2);
    expect(first.items.map((c) => c.event.eventId)).toEqual(['e1', 'e3']);
    const second = contributionsPage(all, 'netRevenue', 2, first.nextCursor!);
    expect(second).toEqual({ items: [all[2], all[3]], nextCursor: null });
    expect(() => contributionsPage(all, 'revenueWon', 2, first.nextCursor!)).toThrow(InvalidCursorError);
    expect(() => contributionsPage(all, 'netRevenue', 2, 'garbage')).toThrow(InvalidCursorError);
  });

  it('refuses a metric the scorecard cannot be traced by, naming those it can', () => {
    expect(evidenceMetric('certifiedEngineers')).toBe('certifiedEngineers');
    expect(() => evidenceMetric('averageSatisfaction')).toThrow(expect.objectContaining({ code: 'UNKNOWN_METRIC', message: expect.stringContaining('revenueWon, revenueReversed, netRevenue') }));
  });
});
