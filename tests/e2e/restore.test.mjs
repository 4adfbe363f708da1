// The server is replaced by an older backup (yishiting-server backup) while two phones hold
// newer data (docs/protocol.md, "Restores"): neither is stuck, each is told in one sentence,
// the ballot waiting on one phone is sent again and counts once, and the ballot the backup
// lost is cast again and counts once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startDemo, stopDemo, startServer, phone, api, signIn, session, SERVER } from './harness.mjs';

let browser, demo, server;
before(async () => { ({ demo, server, browser } = await startDemo()); });
after(() => stopDemo({ browser, server }));

const RESTORED = '小区服务器的数据已从备份恢复';

/** The open elevator vote, the committee's session, and two owners of one unit each who have not voted. */
async function setting() {
  const committee = await session(server.url, demo.codes.accounts.find((a) => a.role === 'committee').code);
  const pulled = await api(server.url, 'POST', `/communities/${committee.community}/pull`, committee.token,
    { client_id: 'e2e-restore-script', cookie: 0 });
  const records = (kind) => pulled.body.changes.filter((c) => c.kind === kind).map((c) => c.record);
  const vote = records('vote').find((v) => v.closes_at > Date.now());
  const voted = new Set(records('ballot').filter((b) => b.vote === vote.id && !b.duplicate_of).map((b) => b.owner));
  const units = new Map();
  for (const unit of demo.codes.units) units.set(unit.owner_key, [...(units.get(unit.owner_key) ?? []), unit]);
  const single = [...units.entries()].filter(([key, list]) => !voted.has(key) && key !== 'developer' && list.length === 1);
  return { committee, vote, a: single.at(-1)[1][0], b: single.at(-2)[1][0] };
}

async function counted(committee, vote, owner) {
  const pulled = await api(server.url, 'POST', `/communities/${committee.community}/pull`, committee.token,
    { client_id: `e2e-restore-${Date.now()}`, cookie: 0 });
  return pulled.body.changes.filter((c) => c.kind === 'ballot' && c.record.vote === vote && c.record.owner === owner
    && !c.record.duplicate_of).length;
}

async function openElevator(page) {
  await page.click('nav.bottom >> text=议事厅');
  await page.click('.matter__title:has-text("电梯")');
  await page.waitForSelector('.vote');
}

test('a server restored from an older backup: both phones recover, and every ballot counts once', async () => {
  const { committee, vote, a, b } = await setting();
  const owner = await phone(browser);
  const neighbour = await phone(browser);
  await signIn(owner.page, server.url, a.code);
  await signIn(neighbour.page, server.url, b.code);

  // The operator backs the live database up.
  const saved = path.join(path.dirname(server.db), 'backup.sqlite3');
  execFileSync(SERVER, ['backup', '--db', server.db, '--out', saved]);

  // After the backup: the owner comments (sent and pulled), then votes with no network; the
  // neighbour votes online (counted).
  await openElevator(owner.page);
  await owner.page.fill('textarea[name=comment]', '备份之后的发言。');
  await owner.page.click('text=发表');
  await owner.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await openElevator(neighbour.page);
  await neighbour.page.click('.choices >> text=赞成');
  await neighbour.page.waitForSelector('.ballot-state--counted', { timeout: 30000 });
  await owner.context.setOffline(true);
  await owner.page.waitForSelector('.status:has-text("离线")');
  await owner.page.click('.choices >> text=赞成');
  await owner.page.waitForSelector('.ballot-state--waiting');

  // The server is replaced by the backup, on the same address.
  const port = new URL(server.url).port;
  await server.stop();
  fs.copyFileSync(saved, server.db);
  for (const extra of ['-wal', '-shm']) fs.rmSync(server.db + extra, { force: true });
  server = await startServer(server.db, `127.0.0.1:${port}`);
  assert.equal(await counted(committee, vote.id, b.owner_key), 0, 'the backup lacks the neighbour\'s ballot');

  // The owner's phone comes back: not stuck on a gap; its waiting ballot is sent again and
  // counted; it is told, the lost comment included.
  await owner.context.setOffline(false);
  await owner.page.waitForSelector(`.flash:has-text("${RESTORED}")`, { timeout: 30000 });
  const said = await owner.page.textContent('.flash');
  assert.match(said, /本机的 1 条改动已重新发送/);
  assert.match(said, /另有 1 条较早的改动/);
  await owner.page.waitForSelector('.ballot-state--counted', { timeout: 30000 });
  await owner.page.waitForSelector('.status__sync:has-text("已全部同步")');

  // The neighbour's phone is told its ballot was lost, and casts it again.
  await neighbour.page.reload();
  await neighbour.page.waitForSelector(`.flash:has-text("${RESTORED}")`, { timeout: 30000 });
  assert.match(await neighbour.page.textContent('.flash'), /另有 1 条较早的改动/);
  await neighbour.page.waitForSelector('.vote .choices');
  await neighbour.page.click('.choices >> text=赞成');
  await neighbour.page.waitForSelector('.ballot-state--counted', { timeout: 30000 });

  assert.equal(await counted(committee, vote.id, a.owner_key), 1);
  assert.equal(await counted(committee, vote.id, b.owner_key), 1);
  for (const p of [owner, neighbour]) assert.deepEqual(p.errors, []);
});
