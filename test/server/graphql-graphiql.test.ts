/**
 * GraphiQL in a real headless browser (Debian's chromium through
 * playwright-core): the page at /graphql loads the bundle the server serves
 * (nothing from any other origin), a query typed into its editor runs
 * against the live server and the result panel shows the database's rows;
 * a subscription typed there receives a row written on the server.
 * Skipped, with a message, where /usr/bin/chromium is not installed; the
 * bundle (scripts/build-graphiql.mjs, part of `npm run build`) is built
 * first if this checkout has not built it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAssetDir } from '../../src/server/graphql/graphiql-assets.js';
import { startGraphqlFixture, type GraphqlFixture } from './graphql-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[test/server] ${CHROMIUM} is not installed: skipping the headless-browser check of GraphiQL (apt-get install -y chromium)`);

describe.runIf(hasChromium)('GraphiQL in headless chromium', () => {
  let f: GraphqlFixture;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(join(defaultAssetDir(), 'graphiql.js'))) {
      console.warn('[test/server] GraphiQL is not built in this checkout: building it (node scripts/build-graphiql.mjs)');
      execFileSync(process.execPath, ['scripts/build-graphiql.mjs'], { cwd: join(defaultAssetDir(), '..', '..'), stdio: 'inherit' });
    }
    f = await startGraphqlFixture();
    profile = mkdtempSync(join(tmpdir(), 'pyralog-chromium-'));
  }, 120_000);
  afterAll(async () => {
    await f?.stop();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('loads, runs a query from the editor against the live server and shows the result', async () => {
    expect(f.graphql.graphiqlAvailable).toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const origin = new URL(f.graphql.url).origin;
      const foreign: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      f.db.table('albums').insert([{ id: 7n, title: 'Seen in the browser' }]);
      await page.goto(f.graphql.url);
      const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
      await editor.waitFor({ state: 'visible', timeout: 30_000 });
      await editor.click();
      await page.keyboard.press('Control+A');
      // insertText replaces the selection without key events, so the editor's auto-closing brackets stay out of it.
      await page.keyboard.insertText('query FromTheEditor { albums(where: {id: {_gte: 2}}, order_by: {id: asc}) { id title } }');
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response .view-lines');
      // The editor draws spaces as no-break spaces; \s matches both.
      const shownText = async (): Promise<string> => (await response.innerText()).replace(/\s+/g, ' ');
      await expect.poll(shownText, { timeout: 30_000 }).toContain('Seen in the browser');
      const shown = JSON.parse((await response.innerText()).replace(/\u00a0/g, ' ')) as unknown;
      expect(shown).toEqual({ data: { albums: [{ id: 2, title: 'Red' }, { id: 7, title: 'Seen in the browser' }] } });
      // A subscription from the editor goes over graphql-ws; a write on the server is pushed into the result panel.
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('subscription Live { albums(where: {id: {_gte: 7}}, order_by: {id: asc}) { title } }');
      await page.locator('.graphiql-execute-button').click();
      // GraphiQL takes the operation name from the editor after a debounce: a click that beats it sends the
      // previous one ("FromTheEditor"), which the server rightly refuses; then the run is started again.
      const subscribed = async (): Promise<boolean> => {
        const t = await shownText();
        if (t.includes('unknown operation named')) await page.locator('.graphiql-execute-button').click();
        return t.includes('Seen in the browser') && !t.includes('Red');
      };
      await expect.poll(subscribed, { timeout: 30_000 }).toBe(true);
      f.db.table('albums').insert([{ id: 8n, title: 'Pushed to the browser' }]);
      await expect.poll(shownText, { timeout: 30_000 }).toContain('Pushed to the browser');
      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
