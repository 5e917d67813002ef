import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { RegisterPartnerBody } from '../../../apps/ledger/src/partners';
import { Http } from './ledger-harness';

/**
 * Small, typed helpers over the ledger's HTTP API for the end-to-end suites: request bodies
 * with sensible defaults, commands that must succeed, reads that wait for the read models.
 */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CommandAnswer extends Json {
  streamId: string;
  revision: string;
  position: string;
  eventIds: string[];
}

/** A unique id per call, safe in paths and stream names. */
export const uid = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const DECIMAL_POSITION = /^[1-9]\d*$/;

/** A valid POST /partners body; typed, so that a fixture with an unknown typology does not compile. */
export const partnerBody = (overrides: Partial<RegisterPartnerBody> = {}): Json => ({
  partnerId: uid('p'),
  name: 'Acme Integration',
  typology: 'integrator',
  territory: { country: 'FR', region: 'Bretagne' },
  ...overrides,
});

/** A POST /partners body made invalid on purpose (bad-input cases): any field, any value. */
export const invalidPartnerBody = (overrides: Json): Json => ({ ...partnerBody(), ...overrides });

export const leadBody = (overrides: Json = {}): Json => ({
  leadId: uid('lead'),
  customer: { id: uid('cust'), name: 'Globex' },
  project: 'Firewall refresh',
  estimatedValue: { amount: '20000.00', currency: 'EUR' },
  ...overrides,
});

export const certificationBody = (overrides: Json = {}): Json => ({
  engineerId: uid('eng'),
  engineerName: 'Ada Lovelace',
  productLine: 'utm',
  ...overrides,
});

export const incentiveBody = (overrides: Json = {}): Json => ({
  recipient: { personId: uid('person'), name: 'Grace Hopper', role: 'presales' },
  kind: 'voucher',
  value: { amount: '150.00', currency: 'EUR' },
  reason: 'Q1 challenge winner',
  ...overrides,
});

function expectCreated(response: Response, what: string): CommandAnswer {
  if (response.status !== 201) {
    throw new Error(`${what}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as CommandAnswer;
}

export const registerPartner = async (http: Http, overrides: Partial<RegisterPartnerBody> = {}) =>
  expectCreated(await http.post('/partners').send(partnerBody(overrides)), 'POST /partners');

export const registerLead = async (http: Http, partnerId: string, overrides: Json = {}) =>
  expectCreated(await http.post(`/partners/${partnerId}/leads`).send(leadBody(overrides)), 'POST /partners/:id/leads');

export const winDeal = async (http: Http, leadId: string, body: Json) =>
  expectCreated(await http.post(`/leads/${leadId}/won`).send(body), 'POST /leads/:id/won');

export const earnCertification = async (http: Http, partnerId: string, overrides: Json = {}) =>
  expectCreated(await http.post(`/partners/${partnerId}/certifications`).send(certificationBody(overrides)), 'POST /partners/:id/certifications');

export const expireCertifications = async (http: Http, partnerId: string, body: Json = {}) =>
  expectCreated(await http.post(`/partners/${partnerId}/certifications/expire`).send(body), 'POST /partners/:id/certifications/expire');

export const awardIncentive = async (http: Http, partnerId: string, overrides: Json = {}) =>
  expectCreated(await http.post(`/partners/${partnerId}/incentives`).send(incentiveBody(overrides)), 'POST /partners/:id/incentives');

/** The event store's head position, as the API reports it. */
export async function headPosition(http: Http): Promise<string> {
  const response = await http.get('/projections').expect(200);
  return response.body.head as string;
}

const withMinPosition = (path: string, minPosition: string) => `${path}${path.includes('?') ? '&' : '?'}minPosition=${minPosition}`;

/** GET that waits until the read models have applied `minPosition`; expects 200. */
export async function read(http: Http, path: string, minPosition: string): Promise<Json> {
  const response = await http.get(withMinPosition(path, minPosition));
  if (response.status !== 200) throw new Error(`GET ${path}: expected 200, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Json;
}

/** Follows nextCursor from the first page to the last; returns every page. */
export async function allPages(http: Http, path: string, minPosition: string): Promise<Json[][]> {
  const pages: Json[][] = [];
  let cursor: string | null = null;
  do {
    const page = await read(http, cursor === null ? path : `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`, minPosition);
    pages.push(page['items'] as Json[]);
    cursor = page['nextCursor'] as string | null;
    if (pages.length > 1000) throw new Error(`GET ${path}: pagination does not end`);
  } while (cursor !== null);
  return pages;
}

/** An error answer in the ledger's one shape. */
export function expectProblem(response: Response, status: number, code?: string): void {
  if (response.status !== status) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  expect(response.headers['content-type']).toMatch(/application\/json/);
  expect(response.body).toEqual(
    expect.objectContaining({ statusCode: status, code: code ?? expect.stringMatching(/^[A-Z][A-Z_]+$/), message: expect.any(String) }),
  );
  expect(response.body.message.length).toBeGreaterThan(0);
}

type Role = 'sales' | 'presales' | 'technical';
/**
 * The counters that came with incentives by role and engagements, as a view shows them: the
 * roles given as [count, value], the others at zero; no engagement unless said.
 */
export function byRoleCounters(roles: Partial<Record<Role, [number, string]>> = {}, engagements: { engagements: number; averageSatisfaction: string | null } = { engagements: 0, averageSatisfaction: null }) {
  const role = (r: Role) => ({ count: roles[r]?.[0] ?? 0, value: roles[r]?.[1] ?? '0.00' });
  return { incentivesByRole: { sales: role('sales'), presales: role('presales'), technical: role('technical') }, ...engagements };
}

/** The counters that came with deal reversals, as a view shows them when nothing was reversed: netRevenue is revenueWon. */
export const nothingReversed = (revenueWon: string) => ({ revenueReversed: '0.00', netRevenue: revenueWon, dealsReversed: 0 });
