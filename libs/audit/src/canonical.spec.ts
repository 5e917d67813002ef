import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { CanonicalFormError, canonicalEventForm, canonicalJson, eventHash, HashedEventFields } from './canonical';

const event: HashedEventFields = {
  streamId: 'partner-p1',
  revision: 3n,
  eventId: '0b9a6f0e-3c1d-4a7e-9f00-5d1c2b3a4e5f',
  type: 'IncentiveAwarded',
  schemaVersion: 1,
  data: {
    partnerId: 'p1',
    incentiveId: 'i-7',
    recipient: { role: 'partner', personId: 'p1' },
    kind: 'rebate',
    value: { minor: 125010, currency: 'EUR' },
    reason: 'Q1 "stretch" goal — ünïcode\n',
    challengeId: undefined,
  },
  occurredAt: '2026-03-31T12:00:00.000Z',
  recordedAt: '2026-04-02T08:15:30.123Z',
  metadata: { source: 'http', actor: 'admin-key', correlationId: 'c-1', causationId: 'r-1', hash: 'aa'.repeat(32), prevHash: 'bb'.repeat(32) },
};
const PREV = '1f'.repeat(32);

describe('canonical JSON', () => {
  it('sorts keys at every depth, writes no whitespace and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' }, e: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
  });

  it('orders keys that look like array indexes as text too, and writes a __proto__ member as a member', () => {
    // JavaScript objects keep index-like keys first, in numeric order: the canonical order is the text's.
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, a: { 2: true, 11: false } })).toBe('{"10":2,"9":3,"a":{"11":false,"2":true},"b":1}');
    expect(canonicalJson(JSON.parse('{"z":0,"__proto__":{"x":1},"a":[2]}'))).toBe('{"__proto__":{"x":1},"a":[2],"z":0}');
  });

  it('escapes strings exactly as JSON.stringify does', () => {
    const s = 'quote " backslash \\ tab \t nl \n ctl \u0001 del \u007f é 😀 lone \ud800 sep \u2028';
    expect(canonicalJson(s)).toBe(JSON.stringify(s));
    expect(canonicalJson({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
  });

  it('writes integers as recorded and refuses what JSON cannot hold faithfully', () => {
    expect(canonicalJson([0, -1, 125010, 9007199254740991])).toBe('[0,-1,125010,9007199254740991]');
    const refused = [NaN, Infinity, -Infinity, 1n, new Date(0), new Map(), () => 1, Symbol('s'), undefined, [1, undefined], { a: [NaN] }];
    for (const value of refused) expect(() => canonicalJson(value)).toThrow(CanonicalFormError);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/contains itself/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}'); // shared, not cyclic
  });

  it('is the same for a value and for the JSON the store gives back, and parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(text).not.toMatch(/^\s|\s$/);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order keys were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(dict));
      }),
    );
  });
});

describe('event hash', () => {
  it('is SHA-256 of the documented canonical form (golden text)', () => {
    const form = canonicalEventForm(event, PREV);
    expect(form).toBe(
      '{"data":{"incentiveId":"i-7","kind":"rebate","partnerId":"p1","reason":"Q1 \\"stretch\\" goal — ünïcode\\n","recipient":{"personId":"p1","role":"partner"},"value":{"currency":"EUR","minor":125010}},' +
        '"eventId":"0b9a6f0e-3c1d-4a7e-9f00-5d1c2b3a4e5f",' +
        '"metadata":{"actor":"admin-key","causationId":"r-1","correlationId":"c-1","source":"http"},' +
        '"occurredAt":"2026-03-31T12:00:00.000Z",' +
        `"prevHash":"${PREV}",` +
        '"recordedAt":"2026-04-02T08:15:30.123Z","revision":"3","schemaVersion":1,"streamId":"partner-p1","type":"IncentiveAwarded"}',
    );
    expect(eventHash(event, PREV)).toBe(createHash('sha256').update(Buffer.from(form, 'utf8')).digest('hex'));
    expect(eventHash(event, PREV)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves the chain fields of the metadata out, and takes the revision as bigint or decimal string', () => {
    const { hash: _h, prevHash: _p, ...bare } = event.metadata;
    expect(eventHash({ ...event, metadata: bare }, PREV)).toBe(eventHash(event, PREV));
    expect(eventHash({ ...event, revision: '3' }, PREV)).toBe(eventHash(event, PREV));
    expect(canonicalEventForm(event, null)).toContain('"prevHash":null');
  });

  it('changes with anything recorded and with the previous hash', () => {
    const base = eventHash(event, PREV);
    const variants: HashedEventFields[] = [
      { ...event, streamId: 'partner-p2' },
      { ...event, revision: 4n },
      { ...event, eventId: event.eventId.replace('0b9a', '0b9b') },
      { ...event, type: 'IncentiveRevoked' },
      { ...event, schemaVersion: 2 },
      { ...event, data: { ...event.data, value: { minor: 125011, currency: 'EUR' } } },
      { ...event, occurredAt: '2026-03-31T12:00:00.001Z' },
      { ...event, recordedAt: '2026-04-02T08:15:30.124Z' },
      { ...event, metadata: { ...event.metadata, actor: 'someone-else' } },
    ];
    const hashes = [base, eventHash(event, null), eventHash(event, 'ff'.repeat(32)), ...variants.map((v) => eventHash(v, PREV))];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('refuses a malformed previous hash or envelope', () => {
    expect(() => eventHash(event, 'AB'.repeat(32))).toThrow(CanonicalFormError);
    expect(() => eventHash(event, 'ab')).toThrow(CanonicalFormError);
    expect(() => eventHash({ ...event, revision: '-1' }, PREV)).toThrow(CanonicalFormError);
    expect(() => eventHash({ ...event, revision: '03' }, PREV)).toThrow(CanonicalFormError);
    expect(() => eventHash({ ...event, streamId: undefined as unknown as string }, PREV)).toThrow(CanonicalFormError);
    expect(() => eventHash({ ...event, schemaVersion: 1.5 }, PREV)).toThrow(CanonicalFormError);
    expect(() => eventHash({ ...event, data: [] as unknown as Record<string, unknown> }, PREV)).toThrow(CanonicalFormError);
  });
});
