// A phone's first download comes in pages (the app asks for 2,500 changes a page), each kept
// before the next is asked for: a connection lost after the first page resumes from that
// page's version, not from nothing, and everything arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, phone, api, submitCode, session } from './harness.mjs';

let browser, demo, server;

before(async () => ({ demo, server, browser } = await startDemo()));
after(() => stopDemo({ browser, server }));

test('a download lost after its first page resumes from that page and brings everything', async () => {
  const committee = demo.codes.accounts.find((a) => a.role === 'committee');
  const { token, community } = await session(server.url, committee.code);
  const first = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'e2e-pages', cookie: 0 });
  const elevator = first.body.changes.find((c) => c.kind === 'proposal' && c.record.title.includes('电梯')).record;
  const other = first.body.changes.find((c) => c.kind === 'proposal' && c.record.id !== elevator.id).record;
  // Two pushes of 1,000 comments, then three comments in three pushes: the demo writes one
  // version of some 1,500 changes, so a phone's first page (2,500, ending on a whole version)
  // is the demo's and the two long pushes (on another matter), and the three comments come after it.
  for (let push = 0; push < 2; push++) {
    const mutations = Array.from({ length: 1000 }, (_, i) => ({
      id: push * 1000 + i + 1, name: 'add_comment', at: Date.now(),
      args: { id: crypto.randomUUID(), proposal: other.id, reply_to: null, body: `分页前的意见 ${push * 1000 + i}` },
    }));
    const pushed = await api(server.url, 'POST', `/communities/${community}/push`, token, { client_id: 'e2e-pages', mutations });
    assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  }
  const said = ['分页一：维修资金的账要公开。', '分页二：报价请公示三家。', '分页三：施工期间请安排临时通道。'];
  for (const [n, body] of said.entries()) {
    const pushed = await api(server.url, 'POST', `/communities/${community}/push`, token, {
      client_id: 'e2e-pages',
      mutations: [{ id: 2001 + n, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal: elevator.id, reply_to: null, body } }],
    });
    assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  }

  const owner = demo.codes.units.find((u) => u.owner_key !== 'developer');
  const { context, page, errors } = await phone(browser);
  const pulls = [];
  page.on('request', (r) => { if (r.url().endsWith('/pull')) pulls.push(JSON.parse(r.postData())); });
  const answers = [];
  page.on('response', async (r) => { if (r.url().endsWith('/pull') && r.ok()) answers.push(await r.json()); });
  // Every text the status line shows, however briefly, and every one a screen reader is told.
  await page.addInitScript(() => {
    window.statusSaid = [];
    window.announced = [];
    const record = (list, line) => { if (line && list.at(-1) !== line) list.push(line); };
    new MutationObserver(() => {
      record(window.statusSaid, document.querySelector('.status__sync')?.textContent);
      record(window.announced, document.querySelector('.status__said')?.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The second page is lost once, as on a mobile network.
  let seen = 0;
  await page.route('**/pull', (route) => (++seen === 2 ? route.abort('internetdisconnected') : route.continue()));

  await submitCode(page, server.url, owner.code);
  await page.waitForSelector('.status__sync:has-text("连不上")', { timeout: 30000 });
  assert.equal(answers.length, 1, 'one page arrived');
  assert.equal(answers[0].more, true, 'the first page says more follow');
  assert.equal(pulls[0].cookie, 0);
  assert.equal(pulls[0].limit, 2500);
  const firstPage = answers[0].version;
  const kinds = (answer, kind) => answer.changes.filter((c) => c.kind === kind).map((c) => c.record);
  assert.equal(kinds(answers[0], 'unit').length, demo.codes.units.length, 'the register is in the first page');
  assert.ok(!kinds(answers[0], 'comment').some((c) => said.includes(c.body)), 'the later comments are not');
  assert.equal(pulls[1].cookie, firstPage, 'the next page is asked from the first page\'s version');
  // While the next page was asked for, the status line said how much had come.
  const lines = await page.evaluate(() => window.statusSaid);
  assert.ok(lines.includes(`正在下载小区数据：已收到 ${answers[0].changes.length} 条`), JSON.stringify(lines));

  // The network comes back: the engine resumes from the kept page, not from nothing.
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 60000 });
  const resumed = pulls.slice(2);
  assert.ok(resumed.length >= 1, 'pulled again');
  assert.equal(resumed[0].cookie, firstPage, 'resumed from the kept page');
  assert.ok(!pulls.slice(1).some((p) => p.cookie === 0), 'nothing was asked for again from 0');
  // A screen reader was told that the sync failed and then that all is synced, but not each
  // page as it came, nor that a round was under way.
  const announced = await page.evaluate(() => window.announced);
  assert.ok(announced.some((l) => l.includes('连不上')), JSON.stringify(announced));
  assert.ok(!announced.some((l) => l.includes('正在')), JSON.stringify(announced));
  assert.equal(announced.at(-1), '在线 · 已全部同步', JSON.stringify(announced));

  await page.click('nav.bottom >> text=议事厅');
  await page.click(`.matter__title:has-text("电梯")`);
  // The matter page is a chunk of its own: on a cold machine it takes a moment to arrive.
  await page.waitForSelector('.matter-page__body', { timeout: 30000 });
  for (const body of said) {
    await page.waitForSelector(`.comment >> text=${body}`, { timeout: 15000 });
    assert.equal(await page.locator(`.comment >> text=${body}`).count(), 1, body);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
