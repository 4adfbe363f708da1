// Benchmark (printed, not asserted): a phone signs in to a community whose server holds
// over 10,000 changes (the demo, and 10,000 comments pushed by the committee), and pulls them
// all into IndexedDB. Timed in the page from the first pull request to the status line saying
// all is kept and synced (and, for context, from the sign-in button), three fresh phones, in
// headless Chromium at phone size, from the release build of the server.
//
// Side by side, in the same Chromium: PouchDB 9 (its IndexedDB adapter) replicating the same
// records, as documents, from pouchdb-server 4 (in memory) at batch sizes 100 (its default)
// and 1,000 (the median of three at 1,000), timed from the start of the replication to its end. The ratio of PouchDB's best
// to our median is printed (issue 11's target: 10 or more).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, RELEASE_SERVER, startServer, launch, phone, initDemo, api } from '../e2e/harness.mjs';

const COMMENTS = 10_000;
const demo = initDemo();
// The server as the README's run command builds and runs it: optimized.
const server = await startServer(demo.db, undefined, RELEASE_SERVER);
const browser = await launch();
try {
  const committee = demo.codes.accounts.find((a) => a.role === 'committee');
  const signed = await api(server.url, 'POST', '/session', null, { code: committee.code });
  const { token, community } = { token: signed.body.token, community: signed.body.community.id };
  const first = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'bench-seed', cookie: 0 });
  const proposal = first.body.changes.find((c) => c.kind === 'proposal').record.id;
  let id = 1;
  for (let batch = 0; batch < COMMENTS / 1000; batch++) {
    const mutations = [];
    for (let i = 0; i < 1000; i++, id++) {
      mutations.push({ id, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal, reply_to: null, body: `压测发言 ${id}：电梯维修资金的使用要公开透明，报价要公示。` } });
    }
    const pushed = await api(server.url, 'POST', `/communities/${community}/push`, token, { client_id: 'bench-seed', mutations });
    if (pushed.status !== 200) throw new Error(JSON.stringify(pushed.body));
  }
  // The server answers in pages; count them all, and the pages a phone (2,500 a page) takes.
  let changes = 0;
  for (let cookie = 0, more = true; more;) {
    const page = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'bench-count', cookie });
    changes += page.body.changes.length;
    ({ version: cookie, more } = page.body);
  }
  const samples = [];
  const fromSignIn = [];
  const pagesSeen = [];
  const reopened = [];
  const thread = [];
  for (let run = 0; run < 3; run++) {
    const { context, page, errors } = await phone(browser);
    let pages = 0;
    page.on('request', (r) => { if (r.url().endsWith('/pull')) pages++; });
    await page.goto(new URL('/signin', server.url).href);
    await page.getByLabel('登录码').fill(committee.code);
    // Timed in the page, as PouchDB's side is: from the first pull request (its resource
    // timing) to the moment the status line says everything is kept (a MutationObserver), not
    // when Playwright's polling, which waits up to 500 ms between looks, happens to see it.
    await page.evaluate(() => {
      window.benchSynced = null;
      const status = () => document.querySelector('.status__sync')?.textContent ?? '';
      new MutationObserver(() => {
        if (window.benchSynced === null && status().includes('已全部同步')) window.benchSynced = performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      window.benchClicked = performance.now();
    });
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 300000 });
    const [pullToKept, signInToKept] = await page.evaluate(() => {
      const first = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/pull'));
      return [window.benchSynced - first.startTime, window.benchSynced - window.benchClicked].map(Math.round);
    });
    samples.push(pullToKept);
    fromSignIn.push(signInToKept);
    pagesSeen.push(pages);
    // Opened again: the hall (its cards read from the journal), then the matter of 10,000
    // comments (every record read).
    let start = Date.now();
    await page.goto(server.url);
    await page.waitForSelector('.matters li');
    reopened.push(Date.now() - start);
    start = Date.now();
    await page.goto(new URL(`/m/${proposal}`, server.url).href);
    await page.waitForSelector('.comments > li:nth-child(20)', { timeout: 120000 });
    thread.push(Date.now() - start);
    if (errors.length) throw new Error(errors.join('\n'));
    await context.close();
  }
  samples.sort((a, b) => a - b);
  fromSignIn.sort((a, b) => a - b);
  reopened.sort((a, b) => a - b);
  thread.sort((a, b) => a - b);
  console.log(`bench pull_into_indexeddb: ${changes} changes, median ${samples[1]} ms (min ${samples[0]}, max ${samples[2]}) from the first pull request to all kept and shown as synced; ${fromSignIn[1]} ms from pressing 登录; ${pagesSeen[0]} pull requests (changes summed over the server's pages)`);
  console.log(`bench reopen_after_pull: the hall shown ${reopened[1]} ms after navigating (min ${reopened[0]}, max ${reopened[2]}); the matter of ${COMMENTS} comments ${thread[1]} ms (min ${thread[0]}, max ${thread[2]}), medians of 3`);

  // The same records, as PouchDB documents.
  const records = [];
  for (let cookie = 0, more = true; more;) {
    const page = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'bench-count', cookie });
    for (const c of page.body.changes) records.push({ _id: `${c.kind}:${c.record.id}`, kind: c.kind, ...c.record, id: undefined });
    ({ version: cookie, more } = page.body);
  }
  const bytes = records.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  const pouch = await pouchReplication(browser, records);
  const best = Math.min(...Object.values(pouch));
  const bestBatch = Object.entries(pouch).find(([, ms]) => ms === best)[0];
  console.log(`bench pull_pouchdb_peer: ${records.length} documents of ${Math.round(bytes / records.length)} bytes on average, PouchDB 9 from pouchdb-server 4 (in memory): ${Object.entries(pouch).map(([batch, ms]) => `batch ${batch}: ${ms} ms`).join(', ')}`);
  console.log(`bench pull_ratio_against_pouchdb: PouchDB's best ${best} ms (batch ${bestBatch}) / our median ${samples[1]} ms = ${(best / samples[1]).toFixed(2)} (target 10 or more)`);
} finally {
  await browser.close();
  await server.stop();
}

/** Puts `records` into an in-memory pouchdb-server and times PouchDB replicating them into
 * IndexedDB in Chromium, each run into a fresh database: resolves to ms by batch size. */
async function pouchReplication(browser, records) {
  const bin = path.join(ROOT, 'tools/node_modules/.bin/pouchdb-server');
  // It writes its log.txt and config.json where it runs: in a folder of its own. It reads
  // port 0 as "none given" (and takes 5984), so a free port is found first.
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'yishiting-pouchdb-'));
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const child = spawn(bin, ['--in-memory', '--port', String(port), '--host', '127.0.0.1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`pouchdb-server did not start: ${seen}`)), 60000);
      const read = (chunk) => {
        seen += chunk;
        const found = seen.match(/started on (http:\/\/127\.0\.0\.1:\d+)\//);
        if (found) { clearTimeout(timer); resolve(found[1]); }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => reject(new Error(`pouchdb-server exited ${code}: ${seen}`)));
    });
    const put = (method, route, body) => fetch(`${url}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    await put('PUT', '/hall');
    for (let i = 0; i < records.length; i += 1000) {
      const answer = await put('POST', '/hall/_bulk_docs', { docs: records.slice(i, i + 1000) });
      if (!answer.ok) throw new Error(`bulk_docs: ${answer.status} ${await answer.text()}`);
    }
    const times = {};
    // Its default once, for reference; its best batch size three times, for the ratio.
    for (const [batch, count] of [[100, 1], [1000, 3]]) {
      const runs = [];
      for (let run = 0; run < count; run++) {
        const { context, page } = await phone(browser);
        // Same origin as the server: no CORS in the way.
        await page.goto(`${url}/`);
        await page.addScriptTag({ path: path.join(ROOT, 'tools/node_modules/pouchdb/dist/pouchdb.min.js') });
        const ms = await page.evaluate(async ([remote, batchSize, name]) => {
          const local = new PouchDB(name);
          const start = performance.now();
          const result = await local.replicate.from(remote, { batch_size: batchSize });
          const took = performance.now() - start;
          if (result.docs_written === 0) throw new Error('nothing replicated');
          return Math.round(took);
        }, [`${url}/hall`, batch, `bench-${batch}-${run}`]);
        runs.push(ms);
        await context.close();
      }
      runs.sort((a, b) => a - b);
      times[batch] = runs[Math.floor(runs.length / 2)];
    }
    return times;
  } finally {
    child.kill('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  }
}
