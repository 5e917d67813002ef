import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { checkProofCli } from '../e2e/support/audit-checks';
import { openPage, screenshot } from './support/browser';
import { CONSOLE_KEYS, consoleLedger, openConsole, settled, signIn } from './support/console-ledger';

type Dom = { navigator: { clipboard: { readText(): Promise<string> } } };

/** The audit page in a real browser, every figure compared with the audit routes' own answers. */
describe('console: audit', () => {
  const ctx = consoleLedger();
  const api = (path: string, key: string = CONSOLE_KEYS.auditor) => ctx.ledger.http.get(path).set('X-API-Key', key).expect(200);

  async function auditPage(path = '#/audit', key: string = CONSOLE_KEYS.auditor) {
    return openConsole(ctx, key, path);
  }

  /** Clicks a button that saves a file, and reads the file the browser downloaded. */
  async function downloaded(page: Page, button: Locator): Promise<{ name: string; path: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const path = (await file.path())!;
    return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
  }

  const rowIds = (page: Page) => page.locator('table.audit-events tbody tr[data-event-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')));

  it('shows the API\'s digest, and copies its root hash', async () => {
    const { page, errors } = await auditPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.consoleUrl).origin });
    const { body: digest } = await api('/audit/digest');
    expect(digest.treeSize).toBeGreaterThan(1000);
    expect(Number(await page.locator('[data-tree-size]').getAttribute('data-tree-size'))).toBe(digest.treeSize);
    expect(await page.locator('[data-root-hash]').textContent()).toBe(digest.rootHash);

    await page.getByRole('button', { name: 'Copy root hash' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as Dom).navigator.clipboard.readText())).toBe(digest.rootHash);
    await screenshot(page, 'audit');
    expect(errors).toEqual([]);
  });

  it('searches by type as the API does, pages, opens an envelope, and proves a found event with the API\'s proof', async () => {
    const { page, errors } = await auditPage();
    await page.getByLabel('Event types').fill('DealWon');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/type=DealWon/);
    await settled(page);
    const first = (await api('/audit/events?type=DealWon&limit=25')).body as { items: { eventId: string; type: string }[]; nextCursor: string | null };
    expect(first.items.length).toBe(25);
    expect(await rowIds(page)).toEqual(first.items.map((e) => e.eventId));

    await page.getByRole('button', { name: 'Envelope' }).first().click();
    expect(JSON.parse((await page.locator('pre.envelope').first().textContent())!)).toEqual(first.items[0]);
    await screenshot(page, 'audit-search');

    await page.getByRole('link', { name: 'Next ›' }).click();
    await settled(page);
    const second = (await api(`/audit/events?type=DealWon&limit=25&cursor=${encodeURIComponent(first.nextCursor!)}`)).body as { items: { eventId: string; streamId: string }[] };
    expect(await rowIds(page)).toEqual(second.items.map((e) => e.eventId));

    const eventId = second.items[0].eventId;
    await page.getByRole('link', { name: `Prove event ${eventId}` }).click();
    await settled(page);
    expect(await page.getByLabel('Event id').inputValue()).toBe(eventId);
    const { body: proof } = await api(`/audit/proofs/inclusion?eventId=${eventId}`);
    expect(await page.locator('[data-leaf-hash]').textContent()).toBe(proof.leafHash);
    const file = await downloaded(page, page.locator('#inclusion').getByRole('button', { name: 'Download the proof (JSON)' }));
    expect(file.name).toBe(`inclusion-${eventId}-size-${proof.treeSize}.json`);
    expect(JSON.parse(file.text)).toEqual(proof);
    const { body: digest } = await api('/audit/digest');
    expect(await checkProofCli([file.path, '--digest', digest.rootHash])).toMatchObject({ status: 0, out: expect.stringContaining('valid: leaf') });
    await screenshot(page, 'audit-inclusion-proof');

    const streamId = second.items[0].streamId;
    await page.getByRole('link', { name: `Verify stream ${streamId}` }).first().click();
    await page.locator('[data-verified]').waitFor();
    expect(await page.getByLabel('Stream id').inputValue()).toBe(streamId);
    expect(await page.locator('[data-verified]').getAttribute('data-verified')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('verifies a stream\'s chain as the API does', async () => {
    const { page, errors } = await auditPage();
    const streamId = (await api('/audit/events?limit=1')).body.items[0].streamId as string;
    const { body: verification } = await api(`/audit/streams/${encodeURIComponent(streamId)}/verify`);
    expect(verification.verified).toBe(true);
    await page.getByLabel('Stream id').fill(streamId);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const verdict = page.locator('[data-verified]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verified')).toBe('true');
    expect(await verdict.textContent()).toContain(`${streamId}: verified`);
    await screenshot(page, 'audit-stream-verified');

    await page.getByLabel('Stream id').fill('partner-no-such-partner');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'STREAM_NOT_FOUND' }).waitFor();
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]); // the refused verification is the browser's logged 404
  });

  it('proves consistency between two tree sizes with the API\'s proof', async () => {
    const { page, errors } = await auditPage();
    const { body: digest } = await api('/audit/digest');
    await page.getByLabel('From size').fill('1000');
    await page.getByRole('button', { name: 'Prove consistency' }).click();
    await settled(page);
    const { body: proof } = await api('/audit/proofs/consistency?from=1000');
    expect(proof.toRoot).toBe(digest.rootHash);
    expect(await page.locator('[data-to-root]').textContent()).toBe(proof.toRoot);
    const file = await downloaded(page, page.getByRole('button', { name: 'Download the proof (JSON)' }));
    expect(file.name).toBe(`consistency-1000-${digest.treeSize}.json`);
    expect(JSON.parse(file.text)).toEqual(proof);
    const { body: atThousand } = await api(`/audit/proofs/inclusion?eventId=${(await api('/audit/events?limit=1')).body.items[0].eventId}&treeSize=1000`);
    expect(await checkProofCli([file.path, '--digest', atThousand.rootHash])).toMatchObject({ status: 0 });
    await screenshot(page, 'audit-consistency-proof');
    expect(errors).toEqual([]);

    await page.getByLabel('To size').fill(String(digest.treeSize + 1));
    await page.getByRole('button', { name: 'Prove consistency' }).click();
    await page.getByRole('alert').filter({ hasText: 'TREE_SIZE_OUT_OF_RANGE' }).waitFor();
    expect(page.url()).toContain(`sizeTo=${digest.treeSize + 1}`);
    await screenshot(page, 'audit-consistency-refused');
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]); // the refused proof is the browser's logged 400
  });

  it('exports the API\'s NDJSON, with the search\'s filters and without, saying how much it received', async () => {
    const { page, errors } = await auditPage('#/audit?type=CertificationEarned');
    const filtered = await downloaded(page, page.getByRole('button', { name: 'Export as NDJSON' }));
    const expected = (await api('/audit/export?type=CertificationEarned')).text;
    expect(filtered.name).toMatch(/^ledger-export-all-\d{8}T\d{6}Z\.ndjson$/);
    expect(filtered.text).toBe(expected);
    const lines = expected.split('\n').filter(Boolean).length;
    expect(lines).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: `${lines} events` }).waitFor();

    await page.getByRole('button', { name: 'Clear' }).click();
    await settled(page);
    const all = await downloaded(page, page.getByRole('button', { name: 'Export as NDJSON' }));
    expect(all.text).toBe((await api('/audit/export')).text);
    await page.getByRole('status').filter({ hasText: /^Saved ledger-export-all-.*(KB|MB)/ }).waitFor();
    await screenshot(page, 'audit-export');
    expect(errors).toEqual([]);
  });

  it('fits a tablet\'s screen: the page does not scroll sideways, and the events\' actions are on screen', async () => {
    const { page, errors } = await openPage(ctx.browser, { viewport: { width: 820, height: 1180 } });
    await signIn(page, ctx.consoleUrl, CONSOLE_KEYS.admin, '#/audit');
    await settled(page);
    type Box = { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    expect(await page.evaluate(() => (globalThis as unknown as Box).document.documentElement.scrollWidth <= (globalThis as unknown as Box).innerWidth)).toBe(true);
    const prove = page.getByRole('link', { name: /^Prove event / }).first();
    const [box, table] = [(await prove.boundingBox())!, (await page.locator('.table-wrap').boundingBox())!];
    expect(box.x + box.width).toBeLessThanOrEqual(table.x + table.width);
    await screenshot(page, 'audit-tablet');
    expect(errors).toEqual([]);
  });

  it('is not shown to an analyst key, and tells it the page is not for its key', async () => {
    const { page, errors } = await auditPage('#/overview', CONSOLE_KEYS.analyst);
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Audit' }).count()).toBe(0);
    await page.goto(`${ctx.consoleUrl}#/audit`);
    await page.getByRole('alert').filter({ hasText: 'Not for this key' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Current digest' }).count()).toBe(0);
    await screenshot(page, 'audit-refused-to-analyst');
    expect(errors).toEqual([]);
  });

  // Last: it edits the store under the ledger, which the tests above must not see.
  it('shows a stream whose event was edited in the SQLite file as broken, where the API says it is', async () => {
    const { page, errors } = await auditPage();
    const target = (await api('/audit/events?type=PartnerRegistered&limit=1')).body.items[0] as { eventId: string; streamId: string };
    const file = new Database(join(ctx.ledger.dataDir, 'events.sqlite'));
    try {
      expect(file.prepare("UPDATE events SET data = json_set(data, '$.name', 'edited afterwards') WHERE event_id = ?").run(target.eventId).changes).toBe(1);
    } finally {
      file.close();
    }
    const { body: verification } = await api(`/audit/streams/${encodeURIComponent(target.streamId)}/verify`);
    expect(verification).toMatchObject({ verified: false, firstBroken: { eventId: target.eventId, problem: 'hash' } });

    await page.getByLabel('Stream id').fill(target.streamId);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const verdict = page.locator('[data-verified]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verified')).toBe('false');
    const text = await verdict.textContent();
    expect(text).toContain(`${target.streamId}: broken`);
    expect(text).toContain(`revision ${verification.firstBroken.revision} (position ${verification.firstBroken.position}), event ${target.eventId}`);
    expect(text).toContain(verification.firstBroken.expectedHash);
    await screenshot(page, 'audit-stream-broken');
    expect(errors).toEqual([]);
  });
});
