// The screens whose code is not in the first load (dist/lazy/: every page but the hall and
// the welcome, and the demo community): offline they open all the same, from the service
// worker or from what the first visit fetched in the background; a chunk that cannot be had
// leaves a message in Chinese and the rest of the app working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, storedForOffline, lazyChunks, chunksOf } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

/** Opens, from the hall of the demo, a matter, the notice of its sealed vote, 我的, the
 * register and the raise form. */
async function visitLazyScreens(page) {
  await page.click('.matter__title:has-text("两停三不停")');
  await page.waitForSelector('.matter-page .vote .sealed');
  await page.click('text=公示页');
  await page.waitForSelector('.notice-sheet__title');
  await page.click('nav.bottom >> text=我的');
  await page.waitForSelector('input[name=name]');
  await page.click('a:has-text("业主名册")');
  await page.waitForSelector('.units tbody tr');
  await page.click('nav.bottom >> text=提议题');
  await page.waitForSelector('input[name=title]');
}

test('after one visit, screens never opened online open offline, from a fresh page', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.waitForSelector('text=创建我们的小区');
  await storedForOffline(page);
  await context.setOffline(true);
  // A reload starts with none of the chunks in memory: they come from the service worker.
  await page.reload();
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  await visitLazyScreens(page);
  await page.goto(new URL('/signin', server.url).href);
  await page.waitForSelector('input[name=code]');
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with no service worker (WeChat on an iPhone), the first visit fetches every screen in the background', async () => {
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  await page.goto(server.url);
  await page.waitForSelector('text=创建我们的小区');
  // Every chunk of the screens, the sync round and the demo: not the one that moves an older
  // database into the journal, which runs only before the first screen of a device that has
  // one (upgrade.test.mjs), nor the QR code reader and drawer, which the meeting's and the
  // sheets' pages fetch for the officers and the committee who use them (scan.test.mjs).
  const chunks = chunksOf(['pages', 'sync', 'demo']);
  assert.ok(chunks.length > 5 && chunks.length < lazyChunks().length, chunks.join(' '));
  await page.waitForFunction((files) => {
    const fetched = performance.getEntriesByType('resource').map((e) => e.name);
    return files.every((f) => fetched.some((name) => name.endsWith(`/lazy/${f}`)));
  }, chunks);
  await context.setOffline(true);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  await visitLazyScreens(page);
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a screen whose code cannot be fetched says so, and opens once it can', async () => {
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  await context.route('**/lazy/**', (route) => route.abort('internetdisconnected'));
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('text=示例小区没有加载成功，请联网后再试');
  await page.click('nav.bottom >> text=我的');
  await page.waitForSelector('[role=alert]:has-text("页面没有加载成功，请联网后再试")');
  // The rest of the app works.
  await page.click('nav.bottom >> text=议事厅');
  await page.waitForSelector('text=创建我们的小区');
  await context.unroute('**/lazy/**');
  await page.click('nav.bottom >> text=我的');
  await page.waitForSelector('input[name=name]');
  await page.click('nav.bottom >> text=议事厅');
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  assert.deepEqual(errors, []);
  await context.close();
});
