// No input stops the app: a backup file or a backend that sends a matter at a stage this app
// does not know, or a ballot for a unit the register lacks, gets a clear error, and the page
// still opens and works. (A poll answer out of range is a unit test in crates/domain.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemo, stopDemo, phone, api, signIn, session, storedForOffline } from './harness.mjs';

let browser, demo, server;
before(async () => { ({ demo, server, browser } = await startDemo()); });
after(() => stopDemo({ browser, server }));

const UNKNOWN_UNIT = '99-9-9999';

/** Exports this device's backup through 我的 and resolves to it, parsed. */
async function exportBackup(page) {
  await page.goto(new URL('/me', page.url()).href);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=导出备份')]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

async function restore(page, backup) {
  await page.setInputFiles('input[type=file][accept*=json]', {
    name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)),
  });
}

/** A vote of the records that has counted ballots, and its matter. */
function votedVote(records) {
  const ballot = Object.values(records.ballots).find((b) => b.duplicate_of === null);
  return records.votes[ballot.vote];
}

test('a backup with an unknown stage is refused whole; one with a ballot for an unknown unit opens and says so', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  const matters = await page.locator('.matters li').count();
  const backup = await exportBackup(page);

  // A stage from a newer or forged file: nothing is restored, and the person is told why.
  const forged = structuredClone(backup);
  const first = Object.keys(forged.records.proposals)[0];
  forged.records.proposals[first].stage = 'archived';
  await restore(page, forged);
  await page.waitForSelector('.error[role=alert]:has-text("不是有效的备份文件")');
  assert.match(await page.textContent('.error[role=alert]'), /archived/);
  await page.click('nav.bottom >> text=议事厅');
  await page.waitForSelector('.matters li');
  assert.equal(await page.locator('.matters li').count(), matters);

  // A ballot through a unit the register lacks: restored, and the vote says what is wrong
  // instead of a count; the rest of the matter's page is there.
  const odd = structuredClone(backup);
  const vote = votedVote(odd.records);
  const ballot = Object.values(odd.records.ballots).find((b) => b.vote === vote.id && b.duplicate_of === null);
  ballot.unit = UNKNOWN_UNIT;
  await page.goto(new URL('/me', server.url).href);
  await restore(page, odd);
  await page.waitForSelector('text=已从备份恢复');
  await page.goto(new URL(`/m/${vote.proposal}`, server.url).href);
  await page.waitForSelector(`.error:has-text("房号 ${UNKNOWN_UNIT} 不在业主名册中")`);
  assert.equal(await page.locator('h1').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a backend that sends an unknown stage or a ballot for an unknown unit: the phone says so and keeps working', async () => {
  const committeeCode = demo.codes.accounts.find((a) => a.role === 'committee').code;
  const { context, page, errors } = await phone(browser);
  await signIn(page, server.url, committeeCode);
  const matters = await page.locator('.matters li').count();
  assert.ok(matters > 0);

  // What the real server holds, to forge from.
  const who = await session(server.url, committeeCode);
  const all = await api(server.url, 'POST', `/communities/${who.community}/pull`, who.token, { client_id: 'e2e-faulty', cookie: 0 });
  const records = (kind) => all.body.changes.filter((c) => c.kind === kind).map((c) => c.record);
  const ballot = records('ballot').find((b) => b.duplicate_of === null);
  const vote = records('vote').find((v) => v.id === ballot.vote);
  const proposal = records('proposal')[0];

  // From now on the backend's pulls carry one forged record more.
  let forged = { kind: 'proposal', record: { ...proposal, stage: 'archived' } };
  await page.route('**/api/v1/communities/*/pull', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.changes.push(forged);
    await route.fulfill({ response, json: body });
  });
  await page.reload();
  await page.waitForSelector('.status__sync:has-text("服务器的回答无法读取")');
  assert.match(await page.textContent('.status__sync'), /archived/);
  await page.waitForSelector('.matters li');
  assert.equal(await page.locator('.matters li').count(), matters);

  // A ballot for a unit the register lacks is stored; the server's count is shown, and
  // with no network the phone's own count says what is wrong.
  forged = { kind: 'ballot', record: { ...ballot, id: crypto.randomUUID(), seq: ballot.seq + 100000, unit: UNKNOWN_UNIT, owner: 'nobody' } };
  await page.reload();
  await page.waitForSelector('.status__sync:has-text("已全部同步")');
  await page.goto(new URL(`/m/${vote.proposal}`, server.url).href);
  await page.waitForSelector('.vote .count-source:has-text("服务器")');
  await storedForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector(`.error:has-text("房号 ${UNKNOWN_UNIT} 不在业主名册中")`);
  assert.equal(await page.locator('h1').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
