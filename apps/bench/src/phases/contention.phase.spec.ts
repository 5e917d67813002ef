import { orderCheck, markerOf, Sent } from './contention.phase';

/**
 * The contention row's order check must be able to fail: what the hot stream holds (markers in
 * revision order) against what each connection sent and was answered.
 */
describe('bench contention: order check', () => {
  // Two connections, three requests each, sent 10 ms apart in turn.
  const sent = (status: (n: number) => number | undefined = () => 201): Sent[] =>
    Array.from({ length: 6 }, (_, n) => ({ n, connection: n % 2, seq: Math.floor(n / 2), sentAt: n * 10, status: status(n), answeredAt: n * 10 + 5 }));
  const stream = (...ns: number[]) => ns.map((n) => markerOf('t1', n));

  it('passes a stream holding every 2xx once, in each connection\'s order', () => {
    const check = orderCheck([...stream(0, 1, 2, 3, 4, 5), 'another marker', markerOf('t0', 9)], 't1', sent());
    expect(check).toMatchObject({ events: 6, outOfOrder: 0, duplicated: 0, missing: 0, refusedButRecorded: 0, ok: true });
    expect(check.maxOvertakingMs).toBe(0);
  });

  it('fails a connection whose requests were committed out of order, and measures the overtaking', () => {
    const check = orderCheck(stream(0, 1, 4, 2, 3, 5), 't1', sent());
    expect(check).toMatchObject({ outOfOrder: 1, ok: false });
    expect(check.maxOvertakingMs).toBe(20);
  });

  it('fails a duplicate, a missing 2xx and a recorded 503; counts the unanswered', () => {
    const statuses = (n: number) => (n === 3 ? 503 : n === 5 ? undefined : 201);
    const check = orderCheck(stream(0, 1, 1, 2, 3, 5), 't1', sent(statuses));
    expect(check).toMatchObject({ duplicated: 1, missing: 1, refusedButRecorded: 1, unanswered: 1, ok: false });
  });
});
