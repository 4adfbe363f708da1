// A meeting with no network, a vote that closes, and the seal (docs/counting.md): the
// officer's phone records ballots offline while the vote is open and syncs after it closed,
// and they count, marked late; a ballot recorded after the close is refused and the phone says
// why; the committee seals the count, prints the notice, and after the seal nothing moves.
// The officer's phone keeps a clock of its own (Playwright's), as a phone at a meeting would:
// the server judges by its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemo, stopDemo, phone, api, signIn, session } from './harness.mjs';

let browser, demo, server, committee;
const TITLE = '北门电动车充电桩改造';

before(async () => {
  ({ demo, server, browser } = await startDemo());
  committee = await session(server.url, code('committee'));
});
after(() => stopDemo({ browser, server }));

function code(role) {
  return demo.codes.accounts.find((a) => a.role === role).code;
}

let next = 1;
/** Pushes mutations as the committee's script; resolves to their results. */
async function push(mutations) {
  const body = { client_id: 'e2e-seal-committee', mutations: mutations.map((m) => ({ id: next++, ...m })) };
  const answer = await api(server.url, 'POST', `/communities/${committee.community}/push`, committee.token, body);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.results.map((r) => r.code ?? r.status);
}

async function tally(vote) {
  const answer = await api(server.url, 'GET', `/communities/${committee.community}/votes/${vote}/tally`, committee.token);
  assert.equal(answer.status, 200);
  return answer.body;
}

/** Units of owners who have no ballot in any vote yet: any will do for a new vote. */
function someUnits(n) {
  const seen = new Set();
  return demo.codes.units.filter((u) => u.owner_key !== 'developer' && !seen.has(u.owner_key) && seen.add(u.owner_key))
    .slice(40, 40 + n).map((u) => u.unit);
}

test('ballots recorded offline at the meeting count late; after the seal nothing moves', async () => {
  const officer = await phone(browser);
  await signIn(officer.page, server.url, code('officer'));

  // The committee opens a vote that closes in a few seconds.
  const proposal = crypto.randomUUID();
  const vote = crypto.randomUUID();
  const opens = Date.now();
  const closes = opens + 4000;
  const draft = { title: TITLE, body: '改造北门充电桩，使用维修资金，属第五项。', category: '设施' };
  const advance = { name: 'move_stage', args: { proposal, action: { action: 'advance' } } };
  assert.deepEqual(await push([
    { name: 'raise_proposal', args: { id: proposal, draft } }, advance, advance, advance,
    { name: 'open_vote', args: { id: vote, proposal, matter: 5, opens_at: opens, closes_at: closes, policy: 'none', counting_hours: 24 } },
  ]), Array(5).fill('accepted'));

  // The meeting's two phones (the 计票人's and the 监票人's), their clocks inside the window,
  // take the vote and go offline.
  const second = await phone(browser);
  await signIn(second.page, server.url, code('officer'));
  for (const { page, context } of [officer, second]) {
    await page.clock.setFixedTime(opens + 1000);
    await page.reload();
    await page.waitForSelector('.status__sync:has-text("已全部同步")');
    await page.click(`.matter__title:has-text("${TITLE}")`);
    await page.waitForSelector('.vote input[name=ballot-unit]');
    await context.setOffline(true);
    await page.waitForSelector('.status:has-text("离线")');
  }
  const [u1, u2, u3, u4] = someUnits(4);
  async function record(page, unit) {
    await page.fill('input[name=ballot-unit]', unit);
    await page.click('.choices >> text=赞成');
    await page.waitForSelector(`.flash:has-text("${unit}")`);
  }
  await record(officer.page, u1);
  await record(officer.page, u2);
  await officer.page.waitForSelector('.status__sync:has-text("2 条待同步")');
  await record(second.page, u4);

  // The vote closes by the server's clock while the meeting's phone is still offline.
  while (!(await tally(vote)).closed) await new Promise((r) => setTimeout(r, 200));
  // A ballot recorded after the close, on the same page: refused on the phone, with why.
  await officer.page.clock.setFixedTime(closes + 1000);
  await officer.page.fill('input[name=ballot-unit]', u3);
  await officer.page.click('.choices >> text=赞成');
  await officer.page.waitForSelector('.flash--refused:has-text("表决已截止")');
  await officer.page.waitForSelector('.status__sync:has-text("2 条待同步")');

  // Back online within the counting period: both count, marked late.
  await officer.context.setOffline(false);
  await officer.page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });
  const late = await tally(vote);
  assert.deepEqual([late.ballots, late.late, late.yes_owners, late.sealed], [2, 2, 2, null]);

  // The committee sees the late ballots with both times, seals, and prints the notice.
  const chair = await phone(browser);
  await signIn(chair.page, server.url, code('committee'));
  await chair.page.click(`.matter__title:has-text("${TITLE}")`);
  await chair.page.waitForSelector('.vote .late summary:has-text("(2)")');
  await chair.page.click('.vote .late summary');
  assert.match(await chair.page.textContent('.vote .late'), new RegExp(`${u1}.*记录于.*送达于`));
  await chair.page.click('.vote >> text=公示页');
  await chair.page.waitForSelector('.notice:has-text("计票尚未封存")');
  await chair.page.goBack();
  chair.page.removeAllListeners('dialog');
  const asked = [];
  chair.page.on('dialog', (d) => { asked.push(d.message()); d.accept(); });
  await chair.page.click('.vote button:has-text("封存计票")');
  await chair.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await chair.page.waitForSelector('.vote .sealed:has-text("计票已封存")', { timeout: 30000 });
  assert.match(asked.join(), /不再接收/);
  const sealed = await tally(vote);
  assert.equal(sealed.sealed.by, demo.codes.accounts.find((a) => a.role === 'committee').name);
  await chair.page.click('.vote >> text=公示页');
  await chair.page.waitForSelector('.notice-sheet__title');
  assert.match(await chair.page.textContent('.notice-sheet'), /计票封存：/);
  await chair.page.emulateMedia({ media: 'print' });
  const pdf = await chair.page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  if (process.env.E2E_KEEP) fs.writeFileSync(path.join(os.tmpdir(), 'yishiting-notice.pdf'), pdf);

  // The second phone comes back after the seal: its ballot, recorded inside the window, is
  // refused, and the phone says why.
  await second.context.setOffline(false);
  await second.page.waitForSelector('.flash--refused:has-text("计票已封存")', { timeout: 30000 });
  const after = await tally(vote);
  assert.deepEqual(after.outcome, sealed.outcome, 'nothing moved the sealed count');
  assert.equal(after.ballots, 2);
  for (const p of [officer, second, chair]) assert.deepEqual(p.errors, []);
});
