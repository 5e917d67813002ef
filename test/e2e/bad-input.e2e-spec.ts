import type { Test } from 'supertest';
import {
  Json, certificationBody, expectProblem, headPosition, incentiveBody, invalidPartnerBody, leadBody, partnerBody, registerLead, registerPartner, winDeal,
} from './support/ledger-api';
import { Http, readStoreVariants, RunningLedger, startLedger } from './support/ledger-harness';

/** What the cases refer to: a registered partner, an open lead and a lead already won. */
interface Known {
  partnerId: string;
  leadId: string;
  wonLeadId: string;
}

interface Case {
  name: string;
  status: number;
  code?: string;
  send(http: Http, known: Known): Test;
}

const VALIDATION = 'VALIDATION_FAILED';

const post = (path: (k: Known) => string, body: (k: Known) => Json | string) => (http: Http, known: Known) => {
  const payload = body(known);
  const request = http.post(path(known)).set('Content-Type', 'application/json');
  return typeof payload === 'string' ? request.send(payload) : request.send(payload);
};
const get = (path: (k: Known) => string) => (http: Http, known: Known) => http.get(path(known));

const partners = () => '/partners';
const leads = (k: Known) => `/partners/${k.partnerId}/leads`;
const won = (k: Known) => `/leads/${k.leadId}/won`;
const certifications = (k: Known) => `/partners/${k.partnerId}/certifications`;
const expire = (k: Known) => `/partners/${k.partnerId}/certifications/expire`;
const incentives = (k: Known) => `/partners/${k.partnerId}/incentives`;

const win = (overrides: Json = {}): Json => ({ amount: '100.00', currency: 'EUR', ...overrides });
const line = (overrides: Json = {}): Json => ({ productLine: 'utm', product: 'UTM-100', revenue: '100.00', margin: '20.00', ...overrides });
const money = (amount: unknown, currency = 'EUR') => ({ amount, currency });

/** The same malformed amounts, on every money field. */
const BAD_AMOUNTS: [string, unknown][] = [
  ['negative', '-5.00'], ['exponent', '1e3'], ['decimal comma', '12,5'], ['3 decimals', '1.234'], ['empty', ''], ['leading zero', '01.50'],
  ['spaces', ' 12.00'], ['a number, not a string', 12.5], ['too many digits', '12345678901234.00'],
];

// The valid-body helpers are typed: an unknown typology is a compile error, so the invalid bodies
// below go through invalidPartnerBody (typecheck fails if partnerBody ever takes any value again).
// @ts-expect-error 'reseller' is not a typology
void (() => partnerBody({ typology: 'reseller' }));

const cases: [string, Case[]][] = [
  ['POST /partners', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(partners, () => '{"name": "Acme",') },
    { name: 'JSON null', status: 400, send: post(partners, () => 'null') },
    { name: 'an array instead of an object', status: 400, code: VALIDATION, send: post(partners, () => '[]') },
    { name: 'not JSON at all (text/plain)', status: 400, send: (http) => http.post('/partners').set('Content-Type', 'text/plain').send('name=Acme') },
    { name: 'missing name', status: 400, code: VALIDATION, send: post(partners, () => ({ ...partnerBody(), name: undefined })) },
    { name: 'missing territory', status: 400, code: VALIDATION, send: post(partners, () => ({ ...partnerBody(), territory: undefined })) },
    { name: 'blank name', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ name: '   ' })) },
    { name: 'mistyped typology (number)', status: 400, code: VALIDATION, send: post(partners, () => invalidPartnerBody({ typology: 42 })) },
    { name: 'mistyped territory (string)', status: 400, code: VALIDATION, send: post(partners, () => invalidPartnerBody({ territory: 'FR' })) },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(partners, () => invalidPartnerBody({ colour: 'red' })) },
    { name: 'unknown nested field', status: 400, code: VALIDATION, send: post(partners, () => invalidPartnerBody({ territory: { country: 'FR', city: 'Rennes' } })) },
    { name: 'unknown typology', status: 400, code: VALIDATION, send: post(partners, () => invalidPartnerBody({ typology: 'reseller' })) },
    { name: 'country not ISO alpha-2', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ territory: { country: 'France' } })) },
    { name: 'partnerId unsafe in a stream name', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ partnerId: 'bad id/1' })) },
    { name: 'date without offset', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ occurredAt: '2026-03-14T09:30:00' })) },
    { name: '30 February', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ occurredAt: '2026-02-30T10:00:00Z' })) },
    { name: 'not a date', status: 400, code: VALIDATION, send: post(partners, () => partnerBody({ occurredAt: 'yesterday' })) },
    { name: 'the same partner twice', status: 409, code: 'PARTNER_ALREADY_REGISTERED', send: post(partners, (k) => partnerBody({ partnerId: k.partnerId })) },
    { name: 'a body over 64 kB', status: 413, code: 'PAYLOAD_TOO_LARGE', send: post(partners, () => partnerBody({ name: 'x'.repeat(70_000) })) },
    { name: 'an Idempotency-Key with spaces', status: 400, code: 'INVALID_HEADER', send: (http) => http.post('/partners').set('Idempotency-Key', 'a key').send(partnerBody()) },
  ]],
  ['POST /partners/:partnerId/leads', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(leads, () => '{"project": }') },
    { name: 'missing project', status: 400, code: VALIDATION, send: post(leads, () => ({ ...leadBody(), project: undefined })) },
    { name: 'missing customer id', status: 400, code: VALIDATION, send: post(leads, () => leadBody({ customer: { name: 'Globex' } })) },
    { name: 'mistyped amount (number)', status: 400, code: VALIDATION, send: post(leads, () => leadBody({ estimatedValue: money(20000) })) },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(leads, () => leadBody({ priority: 'high' })) },
    ...BAD_AMOUNTS.map(([name, amount]): Case => ({ name: `${name} amount`, status: 400, code: VALIDATION, send: post(leads, () => leadBody({ estimatedValue: money(amount) })) })),
    { name: 'currency other than EUR', status: 422, code: 'CURRENCY_NOT_ACCEPTED', send: post(leads, () => leadBody({ estimatedValue: money('10.00', 'USD') })) },
    { name: 'currency not an ISO code', status: 400, code: VALIDATION, send: post(leads, () => leadBody({ estimatedValue: money('10.00', 'eur') })) },
    { name: 'date without offset', status: 400, code: VALIDATION, send: post(leads, () => leadBody({ occurredAt: '2026-03-14T09:30' })) },
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: post(() => '/partners/nobody-here/leads', () => leadBody()) },
    { name: 'partnerId unsafe in a stream name', status: 400, code: VALIDATION, send: post(() => '/partners/bad%20id/leads', () => leadBody()) },
    { name: 'a lead id already taken', status: 409, code: 'LEAD_ID_TAKEN', send: post(leads, (k) => leadBody({ leadId: k.leadId })) },
  ]],
  ['POST /leads/:leadId/won', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(won, () => "{'amount': '1.00'}") },
    { name: 'missing amount', status: 400, code: VALIDATION, send: post(won, () => ({ currency: 'EUR' })) },
    { name: 'missing currency', status: 400, code: VALIDATION, send: post(won, () => ({ amount: '1.00' })) },
    { name: 'mistyped lines (object)', status: 400, code: VALIDATION, send: post(won, () => win({ lines: line() })) },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(won, () => win({ discount: '5' })) },
    { name: 'unknown field in a line', status: 400, code: VALIDATION, send: post(won, () => win({ lines: [line({ sku: 'x' })] })) },
    ...BAD_AMOUNTS.map(([name, amount]): Case => ({ name: `${name} amount`, status: 400, code: VALIDATION, send: post(won, () => win({ amount })) })),
    { name: 'negative line margin', status: 400, code: VALIDATION, send: post(won, () => win({ lines: [line({ margin: '-1.00' })] })) },
    { name: 'currency other than EUR', status: 422, code: 'CURRENCY_NOT_ACCEPTED', send: post(won, () => win({ currency: 'USD' })) },
    { name: 'unknown product line', status: 422, code: 'UNKNOWN_PRODUCT_LINE', send: post(won, () => win({ lines: [line({ productLine: 'firewall' })] })) },
    { name: 'lines that do not add up', status: 422, code: 'LINES_DO_NOT_ADD_UP', send: post(won, () => win({ lines: [line({ revenue: '99.99' })] })) },
    { name: 'margin above revenue', status: 422, code: 'MARGIN_EXCEEDS_REVENUE', send: post(won, () => win({ lines: [line({ margin: '100.01' })] })) },
    { name: '30 February', status: 400, code: VALIDATION, send: post(won, () => win({ occurredAt: '2026-02-30T10:00:00+01:00' })) },
    { name: 'unknown lead', status: 404, code: 'LEAD_NOT_FOUND', send: post(() => '/leads/no-such-lead/won', () => win()) },
    { name: 'a second win', status: 409, code: 'DEAL_ALREADY_WON', send: post((k) => `/leads/${k.wonLeadId}/won`, () => win()) },
  ]],
  ['POST /partners/:partnerId/certifications', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(certifications, () => '{"engineerId": "e1"') },
    { name: 'missing engineerId', status: 400, code: VALIDATION, send: post(certifications, () => ({ productLine: 'utm' })) },
    { name: 'mistyped productLine (number)', status: 400, code: VALIDATION, send: post(certifications, () => certificationBody({ productLine: 5 })) },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(certifications, () => certificationBody({ level: 'expert' })) },
    { name: 'unknown product line', status: 422, code: 'UNKNOWN_PRODUCT_LINE', send: post(certifications, () => certificationBody({ productLine: 'firewall' })) },
    { name: 'expiresAt without offset', status: 400, code: VALIDATION, send: post(certifications, () => certificationBody({ expiresAt: '2027-01-01T00:00:00' })) },
    { name: 'expiresAt before occurredAt', status: 422, code: 'CERTIFICATION_ALREADY_EXPIRED', send: post(certifications, () => certificationBody({ occurredAt: '2026-03-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' })) },
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: post(() => '/partners/nobody-here/certifications', () => certificationBody()) },
  ]],
  ['POST /partners/:partnerId/certifications/expire', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(expire, () => '{asOf}') },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(expire, () => ({ before: '2026-01-01T00:00:00Z' })) },
    { name: 'asOf without offset', status: 400, code: VALIDATION, send: post(expire, () => ({ asOf: '2026-03-01' })) },
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: post(() => '/partners/nobody-here/certifications/expire', () => ({})) },
  ]],
  ['POST /certifications/expire-due', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(() => '/certifications/expire-due', () => '{asOf}') },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(() => '/certifications/expire-due', () => ({ partnerId: 'p1' })) },
    { name: 'asOf without offset', status: 400, code: VALIDATION, send: post(() => '/certifications/expire-due', () => ({ asOf: '2026-03-01T00:00:00' })) },
  ]],
  ['POST /tiers/reevaluate', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(() => '/tiers/reevaluate', () => '{"asOf":') },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(() => '/tiers/reevaluate', () => ({ version: 2 })) },
    { name: 'asOf not a date', status: 400, code: VALIDATION, send: post(() => '/tiers/reevaluate', () => ({ asOf: 'next year' })) },
  ]],
  ['GET /partners/:partnerId/tier', [
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: get(() => '/partners/nobody-here/tier') },
    { name: 'minPosition not a number', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/tier?minPosition=soon`) },
    // (This case used asOf until the tier could be asked as of a time.)
    { name: 'unknown query field', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/tier?at=2026-01-01T00:00:00Z`) },
    { name: 'asOf not an instant', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/tier?asOf=2026-01-01`) },
    { name: 'unknown partner as of a time', status: 404, code: 'PARTNER_NOT_FOUND', send: get(() => '/partners/nobody-here/tier?asOf=2026-01-01T00:00:00Z') },
  ]],
  ['GET /partners/:partnerId/scorecards/:period/evidence', [
    { name: 'without a metric', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/scorecards/2026-03/evidence`) },
    { name: 'an unknown metric', status: 400, code: 'UNKNOWN_METRIC', send: get((k) => `/partners/${k.partnerId}/scorecards/2026-03/evidence?metric=revenue`) },
    { name: 'knownAt without offset', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/scorecards/2026-03/evidence?metric=dealsWon&knownAt=2026-04-01T00:00:00`) },
    { name: 'an invalid cursor', status: 400, code: 'INVALID_CURSOR', send: get((k) => `/partners/${k.partnerId}/scorecards/2026-03/evidence?metric=dealsWon&cursor=bm9wZQ`) },
    { name: 'an unknown period', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/scorecards/2026-13/evidence?metric=dealsWon`) },
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: get(() => '/partners/nobody-here/scorecards/2026-03/evidence?metric=dealsWon') },
  ]],
  ['POST /partners/:partnerId/incentives', [
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', send: post(incentives, () => '{"kind": "trip" "reason": "x"}') },
    { name: 'missing reason', status: 400, code: VALIDATION, send: post(incentives, () => ({ ...incentiveBody(), reason: undefined })) },
    { name: 'mistyped value (string)', status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ value: '10.00' })) },
    { name: 'unknown field', status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ approvedBy: 'boss' })) },
    { name: 'unknown role', status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ recipient: { personId: 'p1', role: 'ceo' } })) },
    { name: 'unknown kind', status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ kind: 'car' })) },
    ...BAD_AMOUNTS.map(([name, amount]): Case => ({ name: `${name} amount`, status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ value: money(amount) })) })),
    { name: 'currency other than EUR', status: 422, code: 'CURRENCY_NOT_ACCEPTED', send: post(incentives, () => incentiveBody({ value: money('10.00', 'GBP') })) },
    { name: '30 February', status: 400, code: VALIDATION, send: post(incentives, () => incentiveBody({ occurredAt: '2026-02-30T10:00:00Z' })) },
    { name: 'unknown partner', status: 404, code: 'PARTNER_NOT_FOUND', send: post(() => '/partners/nobody-here/incentives', () => incentiveBody()) },
  ]],
  ['queries', [
    { name: 'GET /partners with an invalid cursor', status: 400, code: 'INVALID_CURSOR', send: get(() => '/partners?cursor=not-a-cursor') },
    { name: 'GET /partners with a well-encoded foreign cursor', status: 400, code: 'INVALID_CURSOR', send: get(() => `/partners?cursor=${Buffer.from('{"a":1}').toString('base64url')}`) },
    { name: 'GET /scorecards with an invalid cursor', status: 400, code: 'INVALID_CURSOR', send: get(() => '/scorecards?period=2026-03&cursor=%21%21') },
    { name: 'GET /partners/:id/history with an invalid cursor', status: 400, code: 'INVALID_CURSOR', send: get((k) => `/partners/${k.partnerId}/history?cursor=bm9wZQ`) },
    { name: 'GET /partners/:id/scorecards/2026-13', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/scorecards/2026-13`) },
    { name: 'GET /partners/:id/scorecards/2026-3', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}/scorecards/2026-3`) },
    { name: 'GET /scorecards?period=2026-13', status: 400, code: VALIDATION, send: get(() => '/scorecards?period=2026-13') },
    { name: 'GET /scorecards without a period', status: 400, code: VALIDATION, send: get(() => '/scorecards') },
    { name: 'GET /scorecards with an unknown sort', status: 400, code: VALIDATION, send: get(() => '/scorecards?period=2026-03&sort=revenue') },
    { name: 'GET /scorecards with an unknown tier', status: 400, code: VALIDATION, send: get(() => '/scorecards?period=2026-03&tier=diamond') },
    { name: 'GET /partners with an unknown typology', status: 400, code: VALIDATION, send: get(() => '/partners?typology=reseller') },
    { name: 'GET /partners with limit=0', status: 400, code: VALIDATION, send: get(() => '/partners?limit=0') },
    { name: 'GET /partners with limit=abc', status: 400, code: VALIDATION, send: get(() => '/partners?limit=abc') },
    { name: 'GET /partners with limit=501', status: 400, code: VALIDATION, send: get(() => '/partners?limit=501') },
    { name: 'GET /partners with an unknown parameter', status: 400, code: VALIDATION, send: get(() => '/partners?colour=red') },
    { name: 'GET /partners/:id with minPosition=-1', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}?minPosition=-1`) },
    { name: 'GET /partners/:id with minPosition=abc', status: 400, code: VALIDATION, send: get((k) => `/partners/${k.partnerId}?minPosition=abc`) },
    { name: 'GET an unknown route', status: 404, code: 'ROUTE_NOT_FOUND', send: get(() => '/nope') },
    // (This case used /sanctions until loyalty cards made it a route.)
    { name: 'POST an unknown route', status: 404, code: 'ROUTE_NOT_FOUND', send: post((k) => `/partners/${k.partnerId}/warnings`, () => ({})) },
    { name: 'POST /partners/:id/sanctions without a reason', status: 400, code: VALIDATION, send: post((k) => `/partners/${k.partnerId}/sanctions`, () => ({})) },
    { name: 'DELETE a partner (a method the path does not have)', status: 405, code: 'METHOD_NOT_ALLOWED', send: (http, k) => http.delete(`/partners/${k.partnerId}`) },
    { name: 'GET an unknown path', status: 404, code: 'ROUTE_NOT_FOUND', send: (http, k) => http.get(`/partners/${k.partnerId}/nowhere`) },
  ]],
];

/** Every refused request: a 4xx in the one problem shape, never a 500, and nothing appended. */
describe.each(readStoreVariants())('bad input (%s)', (variant) => {
  let ledger: RunningLedger;
  let known: Known;

  beforeAll(async () => {
    ledger = await startLedger(variant);
    const { partnerId } = await registerPartner(ledger.http);
    const { leadId } = await registerLead(ledger.http, partnerId);
    const { leadId: wonLeadId } = await registerLead(ledger.http, partnerId);
    await winDeal(ledger.http, wonLeadId, { amount: '10.00', currency: 'EUR' });
    known = { partnerId, leadId, wonLeadId };
  });
  afterAll(() => ledger?.close());

  describe.each(cases)('%s', (_route, routeCases) => {
    it.each(routeCases.map((c) => [`${c.name} -> ${c.status}${c.code ? ` ${c.code}` : ''}`, c] as const))('%s', async (_title, c) => {
      const head = await headPosition(ledger.http);
      expectProblem(await c.send(ledger.http, known), c.status, c.code);
      expect(await headPosition(ledger.http)).toBe(head);
    });
  });

  it('a registration refused for its currency claims nothing: another partner may still register that project', async () => {
    const customer = { id: 'CUST-CUR', name: 'Umbrella' };
    const first = await registerPartner(ledger.http);
    const refused = await ledger.http.post(`/partners/${first.partnerId}/leads`).send(leadBody({ customer, project: 'VPN', estimatedValue: money('10.00', 'USD') }));
    expectProblem(refused, 422, 'CURRENCY_NOT_ACCEPTED');
    const second = await registerPartner(ledger.http);
    const accepted = await ledger.http.post(`/partners/${second.partnerId}/leads`).send(leadBody({ customer, project: 'VPN' }));
    expect(accepted.status).toBe(201);
  });

  it('a refused request leaves the partner\'s read models as they were', async () => {
    const head = await headPosition(ledger.http);
    const before = (await ledger.http.get(`/partners/${known.partnerId}?minPosition=${head}`).expect(200)).body;
    await ledger.http.post(`/leads/${known.leadId}/won`).send(win({ lines: [line({ productLine: 'firewall' })] })).expect(422);
    await ledger.http.post(`/partners/${known.partnerId}/incentives`).send(incentiveBody({ value: money('1.234') })).expect(400);
    expect((await ledger.http.get(`/partners/${known.partnerId}?minPosition=${head}`).expect(200)).body).toEqual(before);
  });
});
