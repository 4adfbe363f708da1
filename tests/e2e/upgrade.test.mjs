// A phone that kept its hall in the older layout (IndexedDB schema 4: one object store per
// kind of record) opens the release build: its records move into the journal, through the
// chunk that holds the code for it, and the hall, a matter's comments and the profile are
// all there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

/** Rewrites the app's database in the schema-4 layout, from what its journal holds now. */
async function downgradeToV4(page) {
  await page.evaluate(async () => {
    const request = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const db = await request(indexedDB.open('yishiting'));
    const tx = db.transaction(['snapshot', 'journal']);
    const entries = [...await request(tx.objectStore('snapshot').getAll()), ...await request(tx.objectStore('journal').getAll())];
    db.close();
    const state = { records: {}, meta: {} };
    for (const entry of entries) {
      if (entry.clear === 'all') { state.records = {}; state.meta = {}; }
      for (const key of ['community', 'profile', 'settings', 'seq']) {
        if (entry[key] !== undefined) state.meta[key] = entry[key];
      }
      for (const { kind, record } of entry.records ?? []) {
        (state.records[kind] ??= new Map()).set(record.id, record);
      }
    }
    await request(indexedDB.deleteDatabase('yishiting'));
    const open = indexedDB.open('yishiting', 4);
    open.onupgradeneeded = () => {
      const v4 = open.result;
      v4.createObjectStore('meta');
      for (const name of ['units', 'proposals', 'cards', 'outbox']) v4.createObjectStore(name, { keyPath: 'id' });
      for (const name of ['comments', 'polls', 'votes']) v4.createObjectStore(name, { keyPath: 'id' }).createIndex('by_proposal', 'proposal');
      for (const name of ['ballots', 'deliveries']) v4.createObjectStore(name, { keyPath: 'id' }).createIndex('by_vote', 'vote');
    };
    const v4 = await request(open);
    const stores = { unit: 'units', proposal: 'proposals', card: 'cards', comment: 'comments', poll: 'polls', vote: 'votes', ballot: 'ballots', delivery: 'deliveries' };
    const write = v4.transaction([...Object.values(stores), 'meta'], 'readwrite');
    for (const [kind, records] of Object.entries(state.records)) {
      // Schema 4 came before meetings: a phone of its time held none.
      if (!stores[kind]) continue;
      for (const record of records.values()) write.objectStore(stores[kind]).put(record);
    }
    for (const [key, value] of Object.entries(state.meta)) write.objectStore('meta').put(value, key);
    await new Promise((ok, fail) => { write.oncomplete = ok; write.onerror = () => fail(write.error); });
    v4.close();
  });
}

test('a hall kept in the older layout is moved into the journal when the new build opens', async () => {
  const { context, page, errors } = await phone(browser, { serviceWorkers: 'block' });
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  const titles = await page.locator('.matter__title').allTextContents();
  await page.click('.matter__title:has-text("两停三不停")');
  await page.waitForSelector('.comment');
  const comments = await page.locator('.comment').count();
  assert.ok(comments > 0, 'the demo matter has comments');

  // Away from the app (no app code runs on this page), the database becomes schema 4.
  await page.goto(new URL('/favicon.ico', server.url).href);
  await downgradeToV4(page);
  const layout = await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'yishiting')?.version);
  assert.equal(layout, 4);

  await page.goto(server.url);
  await page.waitForSelector('.matters li');
  assert.deepEqual(await page.locator('.matter__title').allTextContents(), titles);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/lazy/split_store')));
  assert.ok(fetched, 'the move came from its own chunk');
  await page.click('.matter__title:has-text("两停三不停")');
  await page.waitForFunction((n) => document.querySelectorAll('.comment').length === n, comments);

  // Moved once: opened again, the journal holds it all and the old stores nothing.
  await page.goto(server.url);
  await page.waitForSelector('.matters li');
  assert.deepEqual(await page.locator('.matter__title').allTextContents(), titles);
  const left = await page.evaluate(async () => {
    const request = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const db = await request(indexedDB.open('yishiting'));
    const tx = db.transaction(['proposals', 'comments', 'journal']);
    const counts = [await request(tx.objectStore('proposals').count()), await request(tx.objectStore('comments').count()), await request(tx.objectStore('journal').count())];
    db.close();
    return counts;
  });
  assert.deepEqual(left.slice(0, 2), [0, 0], 'the old stores are emptied');
  assert.ok(left[2] >= 1, 'the journal holds the moved records');
  assert.deepEqual(errors, []);
  await context.close();
});
