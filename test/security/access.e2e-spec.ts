import { defaultPublishedRules } from '@ledger/domain';
import { RunningLedger, startLedger } from '../e2e/support/ledger-harness';

/**
 * Who may do what: every route the OpenAPI document lists, with every kind of key. A route
 * missing from the table below fails the suite, so new routes must state their roles.
 */
const KEYS = {
  publisher: 'publisher-secret-0123456789',
  analyst: 'analyst-secret-0123456789ab',
  auditor: 'auditor-secret-0123456789ab',
  admin: 'admin-secret-0123456789abcd',
} as const;
type Role = keyof typeof KEYS;

const API_KEYS = JSON.stringify([
  { name: 'crm', roles: ['publisher'], key: KEYS.publisher },
  { name: 'analytics', roles: ['analyst'], key: KEYS.analyst },
  { name: 'audit-office', roles: ['auditor'], key: KEYS.auditor },
  // The admin key is given by its hash only, as a key file would.
  { name: 'ops', roles: ['admin'], sha256: require('node:crypto').createHash('sha256').update(KEYS.admin).digest('hex') },
]);

interface RouteCase {
  method: 'get' | 'post' | 'put';
  path: string;
  body?: object;
  roles: Role[] | 'public';
  /** Answers a request without any key too (it tells the client it holds none), but still refuses an unknown key. */
  anonymous?: true;
}

const ROUTES: Record<string, RouteCase> = {
  'post /partners': { method: 'post', path: '/partners', body: { name: 'M', typology: 'var', territory: { country: 'FR' } }, roles: ['publisher'] },
  'post /partners/{partnerId}/leads': {
    method: 'post', path: '/partners/matrix/leads',
    body: { customer: { id: 'c', name: 'C' }, project: 'p', estimatedValue: { amount: '1', currency: 'EUR' } }, roles: ['publisher'],
  },
  'post /leads/{leadId}/won': { method: 'post', path: '/leads/none/won', body: { amount: '1', currency: 'EUR' }, roles: ['publisher'] },
  'post /leads/{leadId}/extend': { method: 'post', path: '/leads/none/extend', body: { reason: 'r' }, roles: ['publisher'] },
  'post /leads/{leadId}/lost': { method: 'post', path: '/leads/none/lost', body: { reason: 'r' }, roles: ['publisher'] },
  'post /leads/{leadId}/reversal': { method: 'post', path: '/leads/none/reversal', body: { reason: 'r' }, roles: ['publisher'] },
  'post /leads/expire-due': { method: 'post', path: '/leads/expire-due', body: {}, roles: ['admin'] },
  'get /leads/{leadId}': { method: 'get', path: '/leads/none', roles: ['publisher', 'analyst', 'auditor', 'admin'] },
  'get /partners/{partnerId}/leads': { method: 'get', path: '/partners/matrix/leads', roles: ['publisher', 'analyst', 'auditor', 'admin'] },
  'post /partners/{partnerId}/certifications': { method: 'post', path: '/partners/matrix/certifications', body: { engineerId: 'e', productLine: 'utm' }, roles: ['publisher'] },
  'post /partners/{partnerId}/certifications/expire': { method: 'post', path: '/partners/matrix/certifications/expire', body: {}, roles: ['publisher'] },
  'post /certifications/expire-due': { method: 'post', path: '/certifications/expire-due', body: { asOf: '2026-01-01T00:00:00Z' }, roles: ['admin'] },
  'post /tiers/reevaluate': { method: 'post', path: '/tiers/reevaluate', body: { asOf: '2026-01-01T00:00:00Z' }, roles: ['admin'] },
  'post /partners/{partnerId}/incentives': {
    method: 'post', path: '/partners/matrix/incentives',
    body: { recipient: { personId: 'x', role: 'sales' }, kind: 'goodies', value: { amount: '1', currency: 'EUR' }, reason: 'r' }, roles: ['publisher'],
  },
  'post /partners/{partnerId}/sanctions': { method: 'post', path: '/partners/matrix/sanctions', body: { reason: 'took a lead to a competitor' }, roles: ['admin'] },
  // Answered 409 PARTNER_NOT_SUSPENDED or 201, by the order the cells run in: either way, past the role check.
  'post /partners/{partnerId}/sanctions/lift': { method: 'post', path: '/partners/matrix/sanctions/lift', body: { reason: 'appeal upheld' }, roles: ['admin'] },
  'post /partners/{partnerId}/engagements': { method: 'post', path: '/partners/matrix/engagements', body: { kind: 'seminar', name: 'Spring seminar', satisfaction: 4.5 }, roles: ['publisher'] },
  'post /people/{personId}/erase': { method: 'post', path: '/people/nobody-yet/erase', body: { reason: 'GDPR art. 17 request' }, roles: ['admin'] },
  'get /partners': { method: 'get', path: '/partners', roles: ['analyst', 'auditor', 'admin'] },
  'get /partners/at-risk': { method: 'get', path: '/partners/at-risk', roles: ['analyst', 'auditor', 'admin'] },
  'get /partners/{partnerId}': { method: 'get', path: '/partners/matrix', roles: ['analyst', 'auditor', 'admin'] },
  'get /partners/{partnerId}/tier': { method: 'get', path: '/partners/matrix/tier', roles: ['analyst', 'auditor', 'admin'] },
  'get /partners/{partnerId}/scorecards/{period}': { method: 'get', path: '/partners/matrix/scorecards/2026-03', roles: ['analyst'] },
  'get /partners/{partnerId}/scorecards/{period}/evidence': { method: 'get', path: '/partners/matrix/scorecards/2026-03/evidence?metric=dealsWon', roles: ['analyst', 'auditor', 'admin'] },
  'get /scorecards': { method: 'get', path: '/scorecards?period=2026-03', roles: ['analyst'] },
  'get /scorecards/rollup': { method: 'get', path: '/scorecards/rollup?period=2026-Q1&groupBy=typology', roles: ['analyst'] },
  'put /objectives/typologies/{typology}/{period}': { method: 'put', path: '/objectives/typologies/var/2026-Q1', body: { dealsWon: 3 }, roles: ['admin'] },
  'put /objectives/partners/{partnerId}/{period}': { method: 'put', path: '/objectives/partners/matrix/2026', body: { revenueWon: '1000.00' }, roles: ['admin'] },
  'get /objectives': { method: 'get', path: '/objectives?period=2026-Q1', roles: ['analyst', 'admin'] },
  'get /partners/{partnerId}/history': { method: 'get', path: '/partners/matrix/history', roles: ['auditor', 'admin'] },
  'get /audit/streams/{streamId}/verify': { method: 'get', path: '/audit/streams/partner-matrix/verify', roles: ['auditor', 'admin'] },
  'get /audit/events': { method: 'get', path: '/audit/events?actor=crm', roles: ['auditor', 'admin'] },
  'get /audit/export': { method: 'get', path: '/audit/export?partnerId=matrix', roles: ['auditor', 'admin'] },
  'get /projections': { method: 'get', path: '/projections', roles: ['analyst', 'auditor', 'admin'] },
  'put /program': { method: 'put', path: '/program', body: { ...defaultPublishedRules(), effectiveFrom: '2026-01-01T00:00:00Z' }, roles: ['admin'] },
  'get /program': { method: 'get', path: '/program', roles: ['publisher', 'analyst', 'auditor', 'admin'] },
  'get /program/versions': { method: 'get', path: '/program/versions', roles: ['publisher', 'analyst', 'auditor', 'admin'] },
  'post /challenges': {
    method: 'post', path: '/challenges',
    body: { name: 'Q1', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', metric: 'dealsWon', eligibleRoles: ['technical'] }, roles: ['admin'],
  },
  'get /challenges': { method: 'get', path: '/challenges', roles: ['analyst', 'auditor', 'admin'] },
  'get /challenges/{challengeId}': { method: 'get', path: '/challenges/none', roles: ['analyst', 'auditor', 'admin'] },
  'get /challenges/{challengeId}/leaderboard': { method: 'get', path: '/challenges/none/leaderboard', roles: ['analyst', 'auditor', 'admin'] },
  'get /margins': { method: 'get', path: '/margins?groupBy=partner', roles: ['analyst', 'auditor', 'admin'] },
  'get /margins/alerts': { method: 'get', path: '/margins/alerts', roles: ['analyst', 'auditor', 'admin'] },
  'get /margins/drift': { method: 'get', path: '/margins/drift?months=3', roles: ['analyst', 'auditor', 'admin'] },
  'post /partners/{partnerId}/coop/claims': {
    method: 'post', path: '/partners/matrix/coop/claims',
    body: { activity: 'seminar', amount: { amount: '1', currency: 'EUR' }, description: 'Spring seminar' }, roles: ['publisher'],
  },
  // Sent as JSON here: a role that may import gets 415 (the body must be NDJSON), past the guard.
  'post /imports': { method: 'post', path: '/imports', body: {}, roles: ['publisher', 'admin'] },
  'post /coop/claims/{claimId}/approve': { method: 'post', path: '/coop/claims/none/approve', body: {}, roles: ['admin'] },
  'post /coop/claims/{claimId}/reject': { method: 'post', path: '/coop/claims/none/reject', body: { reason: 'no invoice' }, roles: ['admin'] },
  'get /partners/{partnerId}/coop': { method: 'get', path: '/partners/matrix/coop', roles: ['analyst', 'auditor', 'admin'] },
  'get /coop/claims': { method: 'get', path: '/coop/claims?status=pending', roles: ['analyst', 'auditor', 'admin'] },
  'get /coop/roi': { method: 'get', path: '/coop/roi?groupBy=tier', roles: ['analyst', 'auditor', 'admin'] },
  'get /audit/digest': { method: 'get', path: '/audit/digest', roles: ['auditor', 'admin'] },
  'get /audit/proofs/inclusion': { method: 'get', path: '/audit/proofs/inclusion?eventId=none', roles: ['auditor', 'admin'] },
  'get /audit/proofs/consistency': { method: 'get', path: '/audit/proofs/consistency?from=1', roles: ['auditor', 'admin'] },
  'get /admin/keys': { method: 'get', path: '/admin/keys', roles: ['admin'] },
  'get /auth/key': { method: 'get', path: '/auth/key', roles: ['publisher', 'analyst', 'auditor', 'admin'], anonymous: true },
  'post /admin/replay': { method: 'post', path: '/admin/replay', body: { projections: ['leads'] }, roles: ['admin'] },
  'get /admin/replay/{replayId}': { method: 'get', path: '/admin/replay/00000000-0000-4000-8000-000000000000', roles: ['admin'] },
  'get /health/live': { method: 'get', path: '/health/live', roles: 'public' },
  'get /health/ready': { method: 'get', path: '/health/ready', roles: 'public' },
};

describe('access: the route × role matrix', () => {
  let ledger: RunningLedger;

  beforeAll(async () => {
    ledger = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' }, undefined, { LEDGER_API_KEYS: API_KEYS });
    await ledger.http.post('/partners').set('Authorization', `Bearer ${KEYS.publisher}`)
      .send({ partnerId: 'matrix', name: 'Matrix', typology: 'var', territory: { country: 'FR' } }).expect(201);
  });
  afterAll(() => ledger.close());

  it('covers every route of the OpenAPI document', async () => {
    const { body } = await ledger.http.get('/docs-json').expect(200);
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const send = (route: RouteCase, key?: string) => {
    const req = route.method === 'get' ? ledger.http.get(route.path) : ledger.http[route.method](route.path).send(route.body ?? {});
    return key === undefined ? req : req.set('Authorization', `Bearer ${key}`);
  };

  const cells = Object.entries(ROUTES).flatMap(([name, route]) => [
    ...(['publisher', 'analyst', 'auditor', 'admin'] as Role[]).map((role) => ({ name, route, who: role as string, key: KEYS[role] as string | undefined })),
    { name, route, who: 'no key', key: undefined },
    { name, route, who: 'an unknown key', key: 'not-a-configured-key-at-all' },
  ]);

  it.each(cells)('$name with $who', async ({ route, who, key }) => {
    const response = await send(route, key);
    if (route.roles === 'public') {
      expect(response.status).toBe(200);
    } else if (key === undefined && route.anonymous) {
      expect(response.status).toBe(200);
    } else if (key === undefined || who === 'an unknown key') {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    } else if (route.roles.includes(who as Role)) {
      expect([401, 403]).not.toContain(response.status);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    }
  });

  it('records the key\'s name as the actor, whatever the client claims', async () => {
    const { body } = await ledger.http
      .post('/partners/matrix/certifications')
      .set('X-API-Key', KEYS.publisher)
      .set('X-Actor', 'someone-else')
      .send({ engineerId: 'e-actor', productLine: 'network' })
      .expect(201);
    const history = await ledger.http.get(`/partners/matrix/history?minPosition=${body.position}&limit=500`).set('X-API-Key', KEYS.auditor).expect(200);
    const recorded = history.body.items.find((e: { eventId: string }) => e.eventId === body.eventIds[0]);
    expect(recorded.metadata.actor).toBe('crm');
  });

  it('lists key names and roles to admins, never secrets or hashes', async () => {
    const { body, text } = await ledger.http.get('/admin/keys').set('X-API-Key', KEYS.admin).expect(200);
    expect(body.items).toContainEqual({ name: 'ops', roles: ['admin'] });
    for (const secret of Object.values(KEYS)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('tells a client without a key that it holds none, and may do nothing', async () => {
    const { body } = await ledger.http.get('/auth/key').expect(200);
    expect(body).toEqual({ open: false, name: null, roles: [] });
  });

  it('tells each key its own name and roles, never its secret', async () => {
    for (const [role, key] of Object.entries(KEYS)) {
      const { body, text } = await ledger.http.get('/auth/key').set('Authorization', `Bearer ${key}`).expect(200);
      expect(body).toEqual({ open: false, name: { publisher: 'crm', analyst: 'analytics', auditor: 'audit-office', admin: 'ops' }[role], roles: [role] });
      expect(text).not.toContain(key);
    }
  });
});

describe('access: a ledger without keys (development)', () => {
  let ledger: RunningLedger;
  beforeAll(async () => {
    ledger = await startLedger({ name: 'embedded', env: {}, toString: () => 'embedded' });
  });
  afterAll(() => ledger.close());

  it('is open, says so in a response header, and records the actor as anonymous', async () => {
    const response = await ledger.http.post('/partners').send({ name: 'Open', typology: 'isv', territory: { country: 'ES' } }).expect(201);
    expect(response.headers['x-ledger-access']).toMatch(/^open/);
  });

  it('tells a client that asks that the ledger is open and every role is its', async () => {
    const { body } = await ledger.http.get('/auth/key').expect(200);
    expect(body).toEqual({ open: true, name: null, roles: ['publisher', 'analyst', 'auditor', 'admin'] });
  });
});
