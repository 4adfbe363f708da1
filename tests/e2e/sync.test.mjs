// Connected journeys: two owners of different units and the committee, each in a browser
// context of their own, share the demo community on the reference server. Offline ballots,
// a second unit of the same owner, a server restart and a lost push answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, startServer, phone, api, signIn, session } from './harness.mjs';

let browser, demo, server, committeeToken, voteId, community;
const ELEVATOR = '电梯';

before(async () => {
  ({ demo, server, browser } = await startDemo());
  const committee = demo.codes.accounts.find((a) => a.role === 'committee');
  ({ token: committeeToken, community } = await session(server.url, committee.code));
});
after(() => stopDemo({ browser, server }));

/** The committee's view of the server: the open vote and who has voted in it. */
async function serverState() {
  const pulled = await api(server.url, 'POST', `/communities/${community}/pull`, committeeToken,
    { client_id: 'e2e-committee-script', cookie: 0 });
  assert.equal(pulled.status, 200);
  const records = (kind) => pulled.body.changes.filter((c) => c.kind === kind).map((c) => c.record);
  const vote = records('vote').find((v) => v.closes_at > Date.now());
  const voted = new Set(records('ballot').filter((b) => b.vote === vote.id && !b.duplicate_of).map((b) => b.owner));
  return { vote, voted };
}

async function tally() {
  const answer = await api(server.url, 'GET', `/communities/${community}/votes/${voteId}/tally`, committeeToken);
  assert.equal(answer.status, 200);
  return answer.body;
}

/** Owners who have not voted: one with two units (a1, a2), one with one (b). */
async function pickOwners() {
  const { vote, voted } = await serverState();
  voteId = vote.id;
  const byOwner = new Map();
  for (const unit of demo.codes.units) {
    if (!byOwner.has(unit.owner_key)) byOwner.set(unit.owner_key, []);
    byOwner.get(unit.owner_key).push(unit);
  }
  const free = [...byOwner.entries()].filter(([key]) => !voted.has(key) && key !== 'developer');
  const [, [a1, a2]] = free.find(([, units]) => units.length === 2);
  const [, [b]] = free.find(([, units]) => units.length === 1);
  return { a1, a2, b };
}

async function openElevator(page) {
  await page.click('nav.bottom >> text=议事厅');
  await page.click(`.matter__title:has-text("${ELEVATOR}")`);
  await page.waitForSelector('.vote');
}

test('two owners and the committee share the hall; an offline ballot counts once; the second unit is refused', async () => {
  const { a1, a2, b } = await pickOwners();
  const before = await tally();

  const owner = await phone(browser);
  const neighbour = await phone(browser);
  const committee = await phone(browser);
  await signIn(owner.page, server.url, a1.code);
  await signIn(neighbour.page, server.url, b.code);
  const committeeCode = demo.codes.accounts.find((a) => a.role === 'committee').code;
  await signIn(committee.page, server.url, committeeCode);
  assert.match(await owner.page.textContent('.top__name'), /翠屏花园/);

  // Each sees the other's comment once synced.
  await openElevator(owner.page);
  await owner.page.fill('textarea[name=comment]', '我是业主甲，支持大修。');
  await owner.page.click('text=发表');
  await owner.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await openElevator(neighbour.page);
  await neighbour.page.reload();
  await neighbour.page.waitForSelector('.comment >> text=我是业主甲，支持大修。');
  await neighbour.page.fill('textarea[name=comment]', '业主乙：电梯太旧了，同意。');
  await neighbour.page.click('text=发表');
  await neighbour.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await committee.page.goto(owner.page.url());
  await committee.page.waitForSelector('.comment >> text=业主乙：电梯太旧了，同意。');
  assert.equal(await committee.page.locator('.comment >> text=我是业主甲，支持大修。').count(), 1);

  // The owner votes with no network: kept on the phone, shown as waiting, through a reload.
  await owner.page.evaluate(() => navigator.serviceWorker.ready);
  await owner.context.setOffline(true);
  await owner.page.waitForSelector('.status:has-text("离线")');
  // Offline, the vote shows the server's count as last fetched, and says from when.
  await owner.page.reload();
  await owner.page.waitForSelector('.count-source:has-text("暂时连不上小区服务器：以下是")');
  assert.ok((await owner.page.textContent('.vote .bars')).includes(`${before.ballots} / `), 'the kept count is shown');
  await owner.page.click('.choices >> text=赞成');
  await owner.page.waitForSelector('.ballot-state--waiting');
  assert.match(await owner.page.textContent('.status__sync'), /1 条待同步/);
  await owner.page.reload();
  await owner.page.waitForSelector('.ballot-state--waiting');
  assert.equal((await tally()).ballots, before.ballots, 'nothing reached the server yet');
  // A notice is never printed from a kept count.
  await owner.page.click('.vote >> text=公示页');
  await owner.page.waitForSelector('.notice:has-text("公示要用服务器当前的计票")');
  await owner.page.goBack();
  await owner.page.waitForSelector('.ballot-state--waiting');

  // Back online: sent, counted exactly once.
  await owner.context.setOffline(false);
  await owner.page.waitForSelector('.ballot-state--counted', { timeout: 30000 });
  await owner.page.reload();
  await owner.page.waitForSelector('.ballot-state--counted');
  const after = await tally();
  assert.equal(after.ballots, before.ballots + 1);
  assert.equal(after.yes_owners, before.yes_owners + 1);

  // The same owner through his second unit: refused, and told why.
  const second = await phone(browser);
  await signIn(second.page, server.url, a2.code);
  await openElevator(second.page);
  await second.page.click('.choices >> text=反对');
  await second.page.waitForSelector('.ballot-state--refused', { timeout: 30000 });
  assert.match(await second.page.textContent('.ballot-state--refused'), /已经投过票|第一张有效票/);
  const afterSecond = await tally();
  assert.equal(afterSecond.ballots, after.ballots, 'a duplicate never counts');
  assert.ok(afterSecond.duplicates.includes(a2.unit), 'the duplicate is listed for the committee');

  for (const who of [owner, neighbour, committee, second]) {
    assert.deepEqual(who.errors, []);
    await who.context.close();
  }
});

test('a server restart loses nothing, and a push whose answer was lost counts once', async () => {
  const { b } = await pickOwners();
  const before = await tally();
  const neighbour = await phone(browser);
  await signIn(neighbour.page, server.url, b.code);
  await openElevator(neighbour.page);

  // The server goes away; the ballot waits on the phone.
  const port = new URL(server.url).port;
  await server.stop();
  await neighbour.page.click('.choices >> text=赞成');
  await neighbour.page.waitForSelector('.ballot-state--waiting');
  await neighbour.page.waitForSelector('.status__sync:has-text("连不上")', { timeout: 30000 });

  // It comes back on the same database and port; the first push's answer is lost on the way.
  let cut = 0;
  await neighbour.page.route('**/push', async (route) => {
    if (cut === 0) {
      cut += 1;
      await route.fetch();      // the server processes it...
      await route.abort();      // ...and the phone never hears back
    } else {
      await route.continue();
    }
  });
  server = await startServer(demo.db, `127.0.0.1:${port}`);
  await neighbour.page.click('nav.bottom >> text=我的');
  await neighbour.page.click('text=立即同步');
  await neighbour.page.click('nav.bottom >> text=议事厅');
  await openElevator(neighbour.page);
  await neighbour.page.waitForSelector('.ballot-state--counted', { timeout: 60000 });
  assert.equal(cut, 1, 'the answer of one push was lost');
  const after = await tally();
  assert.equal(after.ballots, before.ballots + 1, 'counted exactly once');
  assert.deepEqual(neighbour.errors, []);
  await neighbour.context.close();
});

test('a session revoked on the server asks to sign in again and keeps what waits', async () => {
  const { voted } = await serverState();
  const unit = demo.codes.units.find((u) => !voted.has(u.owner_key) && u.owner_key !== 'developer' && u.unit.startsWith('7-'));
  const { page, context, errors } = await phone(browser);
  await signIn(page, server.url, unit.code);
  await openElevator(page);

  // The administrator ends every session of this account (a lost phone, say).
  const admin = await api(server.url, 'POST', '/session', null, { code: demo.codes.admin_code });
  const me = await api(server.url, 'POST', '/session', null, { code: unit.code });
  const revoked = await api(server.url, 'POST', `/communities/${community}/accounts/${me.body.account.id}/revoke`, admin.body.token);
  assert.equal(revoked.status, 200);

  await page.fill('textarea[name=comment]', '登录过期时写的发言');
  await page.click('text=发表');
  await page.waitForSelector('.status:has-text("登录已过期")', { timeout: 30000 });
  assert.match(await page.textContent('.status__sync'), /登录已过期/);
  await page.click('.status__action');
  await page.getByLabel('登录码').fill(unit.code);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });

  const pulled = await api(server.url, 'POST', `/communities/${community}/pull`, committeeToken, { client_id: 'e2e-committee-script', cookie: 0 });
  const mine = pulled.body.changes.filter((c) => c.kind === 'comment' && c.record.body === '登录过期时写的发言');
  assert.equal(mine.length, 1, 'the queued comment arrived once');
  assert.deepEqual(errors, []);
  await context.close();
});
