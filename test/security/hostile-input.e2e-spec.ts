import fc from 'fast-check';
import { isInstant } from '@ledger/domain';
import { RunningLedger, startLedger } from '../e2e/support/ledger-harness';

/**
 * Thousands of generated malformed or hostile bodies against every command route: every
 * answer is a 4xx problem (never a 5xx), and not one event is appended. Each body is
 * invalid by construction, so any 2xx is a defect too.
 */
const PARTNER = 'hostile-target';
const LEAD = 'hostile-lead';

interface Route {
  path: string;
  valid: Record<string, unknown>;
  required: string[];
  strings: string[];
  amounts: string[];
  enums: Record<string, string[]>;
  dates: string[];
}

const money = { amount: '10.00', currency: 'EUR' };
const ROUTES: Route[] = [
  { path: '/partners', valid: { name: 'N', typology: 'var', territory: { country: 'FR' } }, required: ['name', 'typology', 'territory'], strings: ['name', 'partnerId'], amounts: [], enums: { typology: ['integrator', 'wholesaler', 'var', 'ssii', 'isv', 'prescriber'] }, dates: ['occurredAt'] },
  { path: `/partners/${PARTNER}/leads`, valid: { customer: { id: 'c', name: 'C' }, project: 'P', estimatedValue: money }, required: ['customer', 'project', 'estimatedValue'], strings: ['project', 'leadId'], amounts: [], enums: {}, dates: ['occurredAt'] },
  { path: `/leads/${LEAD}/won`, valid: { amount: '10.00', currency: 'EUR' }, required: ['amount', 'currency'], strings: ['currency'], amounts: ['amount'], enums: {}, dates: ['occurredAt'] },
  { path: `/partners/${PARTNER}/certifications`, valid: { engineerId: 'e', productLine: 'utm' }, required: ['engineerId', 'productLine'], strings: ['engineerId', 'productLine', 'engineerName'], amounts: [], enums: {}, dates: ['occurredAt', 'expiresAt'] },
  { path: `/partners/${PARTNER}/certifications/expire`, valid: {}, required: [], strings: [], amounts: [], enums: {}, dates: ['asOf', 'occurredAt'] },
  { path: `/partners/${PARTNER}/incentives`, valid: { recipient: { personId: 'p', role: 'sales' }, kind: 'cash', value: money, reason: 'r' }, required: ['recipient', 'kind', 'value', 'reason'], strings: ['reason', 'challengeId'], amounts: [], enums: { kind: ['voucher', 'trip', 'goodies', 'cash'] }, dates: ['occurredAt'] },
];

const AMOUNT = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/;
const json = fc.jsonValue({ maxDepth: 4 });
const nonString = json.filter((v) => typeof v !== 'string');
const hostileString = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', '"; DROP TABLE events; --', '\u0000', '../../etc/passwd', 'a'.repeat(5000)));
const pick = <T>(values: T[]) => fc.constantFrom(...values);

/** A body (or raw text) that no command may accept. */
function hostileBody(route: Route): fc.Arbitrary<{ raw?: string; body?: unknown; label: string }> {
  const mutations: fc.Arbitrary<{ raw?: string; body?: unknown; label: string }>[] = [
    fc.record({ key: fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in route.valid) && !route.strings.includes(k) && !route.dates.includes(k) && !['leadId', 'partnerId', 'lines', 'incentiveId', 'engineerName', 'expiresAt', 'asOf', 'occurredAt', 'challengeId', 'region'].includes(k)), value: json })
      .map(({ key, value }) => ({ body: { ...route.valid, [key]: value }, label: 'unknown field' })),
    json.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((body) => ({ body, label: 'not an object' })),
    // An empty body is read as {} (the expire route accepts that), so it is not hostile.
    fc.string({ maxLength: 200 }).filter((text) => text.trim() !== '').filter((text) => { try { JSON.parse(text); return false; } catch { return true; } }).map((raw) => ({ raw, label: 'not JSON' })),
    fc.integer({ min: 17, max: 3000 }).map((depth) => ({ raw: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), label: 'deep nesting' })),
    fc.tuple(pick(route.dates), hostileString.filter((s) => !isInstant(s))).map(([field, value]) => ({ body: { ...route.valid, [field]: value }, label: `bad date ${field}` })),
  ];
  if (route.required.length) mutations.push(pick(route.required).map((field) => ({ body: Object.fromEntries(Object.entries(route.valid).filter(([k]) => k !== field)), label: `missing ${field}` })));
  if (route.strings.length) mutations.push(fc.tuple(pick(route.strings), nonString).map(([field, value]) => ({ body: { ...route.valid, [field]: value }, label: `mistyped ${field}` })));
  if (route.amounts.length) mutations.push(fc.tuple(pick(route.amounts), hostileString.filter((s) => !AMOUNT.test(s))).map(([field, value]) => ({ body: { ...route.valid, [field]: value }, label: `bad amount ${field}` })));
  for (const [field, allowed] of Object.entries(route.enums)) mutations.push(hostileString.filter((s) => !allowed.includes(s)).map((value) => ({ body: { ...route.valid, [field]: value }, label: `unknown ${field}` })));
  return fc.oneof(...mutations);
}

describe('hostile input', () => {
  let ledger: RunningLedger;
  const head = async () => (await ledger.http.get('/projections').expect(200)).body.head as string;

  beforeAll(async () => {
    ledger = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' });
    await ledger.http.post('/partners').send({ partnerId: PARTNER, name: 'Target', typology: 'var', territory: { country: 'FR' } }).expect(201);
    await ledger.http.post(`/partners/${PARTNER}/leads`).send({ leadId: LEAD, customer: { id: 'c', name: 'C' }, project: 'Target', estimatedValue: money }).expect(201);
  });
  afterAll(() => ledger.close());

  it('answers 5,000 malformed or hostile bodies with 4xx problems and appends nothing', async () => {
    const before = await head();
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: ROUTES.length - 1 }).chain((i) => hostileBody(ROUTES[i]!).map((b) => ({ route: ROUTES[i]!, ...b }))), async ({ route, raw, body, label }) => {
        const request = ledger.http.post(route.path).set('content-type', 'application/json');
        const response = await request.send(raw ?? JSON.stringify(body));
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        if (response.status < 400 || response.status >= 500) throw new Error(`${route.path} (${label}) answered ${response.status}: ${response.text.slice(0, 300)}`);
        expect(response.body).toEqual(expect.objectContaining({ statusCode: response.status, code: expect.any(String), message: expect.any(String) }));
        expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
      }),
      { numRuns: 5000 },
    );
    expect(await head()).toBe(before);
    expect([...seen.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
  }, 300_000);
});
