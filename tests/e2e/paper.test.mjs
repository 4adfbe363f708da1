// Paper ballot sheets entered twice (DOMAIN.md, "Paper sheets"): the committee prints one
// numbered sheet per owner; after collection two officers' phones, offline, each enter the
// sheets; a sheet both read alike counts once they sync, one they read differently waits and a
// third person (the committee) settles it from the paper; a number typed against another
// owner's unit is refused on the phone itself. The sheet number is computed here again from
// docs/protocol.md ("Paper sheets"), as another implementation would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, phone, api, signIn, session } from './harness.mjs';

let browser, demo, server, committee;
const TITLE = '3 号楼屋面防水维修';

before(async () => {
  ({ demo, server, browser } = await startDemo());
  committee = await session(server.url, code('committee'));
});
after(() => stopDemo({ browser, server }));

function code(role) {
  return demo.codes.accounts.find((a) => a.role === role).code;
}

/** The sheet number of a vote and an owner key, as docs/protocol.md computes it. */
function sheetNumber(vote, owner) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`${vote}/${owner}`)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const digits = (hash % 100000000n).toString().padStart(8, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** Pushes as `who`'s script (a client of its own per account); resolves to the codes. */
const clients = new Map();
async function push(who, mutations) {
  const client = `e2e-paper-${who.token.slice(0, 12)}`;
  let next = clients.get(client) ?? 1;
  const body = { client_id: client, mutations: mutations.map((m) => ({ id: next++, ...m })) };
  clients.set(client, next);
  const answer = await api(server.url, 'POST', `/communities/${who.community}/push`, who.token, body);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.results.map((r) => r.code ?? r.status);
}

/** The counted ballot of `unit` in `vote`, as the committee pulls it. */
async function counted(vote, unit) {
  const pulled = await api(server.url, 'POST', `/communities/${committee.community}/pull`, committee.token, { client_id: 'e2e-paper-pull', cookie: 0, limit: 100000 });
  assert.equal(pulled.status, 200);
  const ballots = pulled.body.changes.filter((c) => c.kind === 'ballot').map((c) => c.record);
  return ballots.filter((b) => b.vote === vote && b.unit === unit && b.duplicate_of === null);
}

test('two officers enter the sheets offline; alike they count, a mismatch waits for a third person', async () => {
  // A second officer (the 监票人) gets an account from the administrator.
  const admin = await session(server.url, demo.codes.admin_code);
  const made = await api(server.url, 'POST', `/communities/${admin.community}/accounts`, admin.token, { name: '钱监票', role: 'officer' });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  const proposal = crypto.randomUUID();
  const vote = crypto.randomUUID();
  const draft = { title: TITLE, body: '3 号楼屋面渗漏，使用维修资金维修，属第五项。', category: '设施' };
  const advance = { name: 'move_stage', args: { proposal, action: { action: 'advance' } } };
  assert.deepEqual(await push(committee, [
    { name: 'raise_proposal', args: { id: proposal, draft } }, advance, advance, advance,
    { name: 'open_vote', args: { id: vote, proposal, matter: 5, opens_at: Date.now(), closes_at: Date.now() + 3_600_000, policy: 'none', counting_hours: 24 } },
  ]), Array(5).fill('accepted'));
  // Three owners of one unit each, who have voted in nothing.
  const owners = new Map();
  for (const u of demo.codes.units) owners.set(u.owner_key, [...(owners.get(u.owner_key) ?? []), u]);
  const [a, b, c] = [...owners.values()].filter((units) => units.length === 1 && units[0].owner_key !== 'developer').slice(60, 63).map(([u]) => u);

  // The committee prints the sheets: one per owner, each with its number and its QR code.
  const chair = await phone(browser);
  await signIn(chair.page, server.url, code('committee'));
  await chair.page.click(`.matter__title:has-text("${TITLE}")`);
  await chair.page.click('a:has-text("纸质表决票")');
  await chair.page.waitForSelector('.sheets__summary');
  await chair.page.click('a:has-text("打印全部表决票")');
  await chair.page.waitForSelector('.ballot-sheet');
  assert.equal(await chair.page.locator('.ballot-sheet').count(), owners.size, 'one sheet per owner');
  const printed = chair.page.locator(`.ballot-sheet:has-text("${a.unit}（")`);
  assert.equal(await printed.locator('.ballot-sheet__number strong').textContent(), sheetNumber(vote, a.owner_key));
  assert.equal(await printed.locator('.ballot-sheet__qr svg').count(), 1);
  await chair.page.emulateMedia({ media: 'print' });
  const pdf = await chair.page.pdf({ format: 'A4', pageRanges: '1-2' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-');
  await chair.page.emulateMedia({ media: 'screen' });

  // Two officers' phones take the vote and lose the network for the entering.
  const first = await phone(browser);
  const second = await phone(browser);
  await signIn(first.page, server.url, code('officer'));
  await signIn(second.page, server.url, made.body.code);
  for (const { page, context } of [first, second]) {
    await page.click(`.matter__title:has-text("${TITLE}")`);
    await page.click('a:has-text("纸质表决票")');
    await page.waitForSelector('.sheets__summary');
    await context.setOffline(true);
    await page.waitForSelector('.status:has-text("离线")');
  }
  async function enter(page, unit, number, choice) {
    await page.fill('input[name=sheet]', number);
    await page.fill('input[name=sheet-unit]', unit);
    await page.click(`.choices >> text=${choice}`);
  }
  // The first officer: 甲's sheet 赞成, 乙's 反对; 丙's number typed against 甲's unit is
  // refused on the phone, and what was typed stays to correct.
  await enter(first.page, a.unit, sheetNumber(vote, a.owner_key), '赞成');
  // Signed in to the server, a phone does not judge the entries: the server does, once synced.
  await first.page.waitForSelector(`.flash:has-text("${a.unit}：赞成 · 已录入，待同步后由服务器核对两遍录入")`);
  await enter(first.page, b.unit, sheetNumber(vote, b.owner_key).replace('-', ' '), '反对');
  await first.page.waitForSelector(`.flash:has-text("${b.unit}：反对 · 已录入")`);
  await enter(first.page, a.unit, sheetNumber(vote, c.owner_key), '赞成');
  await first.page.waitForSelector(`.error:has-text("票号不是 ${a.unit} 业主的表决票票号")`);
  assert.equal(await first.page.inputValue('input[name=sheet]'), sheetNumber(vote, c.owner_key));
  await first.page.waitForSelector('.sheets__summary:has-text("待第二遍录入 2 张")');
  // The second officer reads 甲's alike and 乙's as 赞成.
  await enter(second.page, a.unit, sheetNumber(vote, a.owner_key), '赞成');
  await second.page.waitForSelector(`.flash:has-text("${a.unit}：赞成 · 已录入")`);
  await enter(second.page, b.unit, sheetNumber(vote, b.owner_key), '赞成');
  await second.page.waitForSelector(`.flash:has-text("${b.unit}：赞成 · 已录入")`);
  assert.deepEqual(await counted(vote, a.unit), [], 'nothing reached the server');

  // Back online: 甲's sheet is a ballot, counted once; 乙's waits.
  for (const { page, context } of [first, second]) {
    await context.setOffline(false);
    await page.waitForSelector('.status__sync:has-text("已全部同步")');
  }
  await second.page.reload();
  await first.page.reload();
  await first.page.waitForSelector('.sheets__summary:has-text("已录完 1 张；待第二遍录入 0 张；待核定 1 张")');
  const ballots = await counted(vote, a.unit);
  assert.equal(ballots.length, 1);
  assert.deepEqual([ballots[0].choice, ballots[0].channel, ballots[0].sheet], ['yes', 'paper', sheetNumber(vote, a.owner_key)]);
  assert.deepEqual(await counted(vote, b.unit), [], 'a mismatch is no ballot');
  // Neither officer may settle it: both entered it.
  assert.equal(await first.page.locator('.sheets__mismatch button:has-text("按纸质票核定")').count(), 0);

  // The committee, a third person, reads 乙's paper: 反对.
  await chair.page.goto(new URL(`/m/${proposal}/sheets`, server.url).href);
  await chair.page.waitForSelector('.sheets__summary:has-text("待核定 1 张")');
  // What the chair is typing stays while another phone's entry arrives and the lists follow.
  await chair.page.fill('input[name=sheet]', '1234');
  const officerApi = await session(server.url, code('officer'));
  const elsewhere = { name: 'cast_ballot', args: { id: crypto.randomUUID(), vote, unit: c.unit, choice: 'yes', channel: 'paper', sheet: sheetNumber(vote, c.owner_key) } };
  assert.deepEqual(await push(officerApi, [elsewhere]), ['accepted']);
  await chair.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await chair.page.waitForSelector('.sheets__summary:has-text("待第二遍录入 1 张")');
  assert.equal(await chair.page.inputValue('input[name=sheet]'), '1234', 'the form was not redrawn');
  const entries = await chair.page.locator('.sheets__mismatch li').allTextContents();
  assert.deepEqual(entries.map((e) => e.split(' · ')[0]), [`${b.unit} 反对`, `${b.unit} 赞成`]);
  await chair.page.click('.sheets__mismatch button:has-text("按纸质票核定")');
  assert.equal(await chair.page.inputValue('input[name=sheet]'), sheetNumber(vote, b.owner_key));
  await chair.page.click('.choices >> text=反对');
  await chair.page.waitForSelector(`.flash:has-text("${b.unit}：反对")`);
  await chair.page.waitForSelector('.status__sync:has-text("已全部同步")');
  const settled = await counted(vote, b.unit);
  assert.deepEqual([settled.length, settled[0]?.choice, settled[0]?.recorded_by], [1, 'no', '周建华']);
  await chair.page.waitForSelector('.sheets__summary:has-text("已录完 2 张；待第二遍录入 1 张；待核定 0 张")');

  // An entered sheet takes no more entries.
  await enter(second.page, a.unit, sheetNumber(vote, a.owner_key), '反对');
  await second.page.waitForSelector('.error:has-text("这张表决票已录入完成")');
  for (const p of [chair, first, second]) {
    assert.deepEqual(p.errors, []);
    await p.context.close();
  }
});
