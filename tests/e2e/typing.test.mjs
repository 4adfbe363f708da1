// What a person is typing survives a sync that brings other people's changes: a resident
// writing a reply while a neighbour's comment arrives, the committee entering a paper
// ballot's unit while another owner's ballot is counted, or searching the register, keep
// their text, their place (the reply they chose) and the focus (on a phone: the keyboard and
// the input method).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, phone, api, signIn, session as signedIn } from './harness.mjs';

/** The store revision the part at `selector` was last drawn from (its `data-revision`). */
async function drawnAt(page, selector) {
  return Number(await page.getAttribute(selector, 'data-revision'));
}

/** Waits until the part at `selector` is drawn from the store as it now stands (the
 * revision the status line says), which is after `before`. */
async function drawnAfter(page, selector, before) {
  await page.waitForFunction(([s, n]) => {
    const drawn = Number(document.querySelector(s)?.dataset.revision);
    return drawn > n && drawn === Number(document.querySelector('.status')?.dataset.revision);
  }, [selector, before]);
}

let browser, demo, server;

before(async () => ({ demo, server, browser } = await startDemo()));
after(() => stopDemo({ browser, server }));

/** Signs a code in through the API, as another phone would: its token and community. */
const session = (code) => signedIn(server.url, code);

async function openElevator(page) {
  await page.click('nav.bottom >> text=议事厅');
  await page.click('.matter__title:has-text("电梯")');
  await page.waitForSelector('.vote .cast');
}

/** Which form field has the focus: its name, or nothing. */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);

test('text being typed, a chosen reply and the focus survive a sync that brings others\' changes', async () => {
  const committeeCode = demo.codes.accounts.find((a) => a.role === 'committee').code;
  const committeeApi = await session(committeeCode);
  const pulled = await api(server.url, 'POST', `/communities/${committeeApi.community}/pull`, committeeApi.token, { client_id: 'e2e-typing', cookie: 0 });
  const records = (kind) => pulled.body.changes.filter((c) => c.kind === kind).map((c) => c.record);
  const elevator = records('proposal').find((p) => p.title.includes('电梯'));
  const vote = records('vote').find((v) => v.proposal === elevator.id && v.closes_at > Date.now());
  const voted = new Set(records('ballot').filter((b) => b.vote === vote.id).map((b) => b.owner));
  const [resident, neighbour] = demo.codes.units.filter((u) => u.owner_key !== 'developer' && !voted.has(u.owner_key));

  const owner = await phone(browser);
  await signIn(owner.page, server.url, resident.code);
  await openElevator(owner.page);
  const repliedTo = (await owner.page.locator('.comment__who strong').first().textContent()).trim();
  await owner.page.locator('.comment >> button:has-text("回复")').first().click();
  const draft = '我想补充一点：维修资金的使用明细';
  await owner.page.locator('textarea[name=comment]').fill(draft);

  const committee = await phone(browser);
  await signIn(committee.page, server.url, committeeCode);
  await openElevator(committee.page);
  const ownersVoted = async () => Number((await committee.page.textContent('.cast .hint')).match(/(\d+)\s*$/)[1]);
  const before = await ownersVoted();
  await committee.page.locator('input[name=ballot-unit]').fill('9-9-99');
  assert.equal(await focused(committee.page), 'ballot-unit');

  // Meanwhile a neighbour comments and votes from their own phone.
  const other = await session(neighbour.code);
  const said = '邻居：同意大修，请尽快公示报价。';
  const pushed = await api(server.url, 'POST', `/communities/${other.community}/push`, other.token, {
    client_id: 'e2e-typing-neighbour',
    mutations: [
      { id: 1, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal: elevator.id, reply_to: null, body: said } },
      { id: 2, name: 'cast_ballot', at: Date.now(), args: { id: crypto.randomUUID(), vote: vote.id, unit: neighbour.unit, choice: 'yes', channel: 'online', sheet: null } },
    ],
  });
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  assert.ok(pushed.body.results.every((r) => r.status === 'accepted'), JSON.stringify(pushed.body.results));

  // Both phones sync now (as when the network comes back) and show the neighbour's changes.
  for (const { page } of [owner, committee]) {
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector(`.comment >> text=${said}`);
  }
  await committee.page.waitForFunction((n) => document.querySelector('.cast .hint')?.textContent.trim().endsWith(String(n)), before + 1);

  assert.equal(await owner.page.inputValue('textarea[name=comment]'), draft, 'the comment being typed is still there');
  assert.equal(await focused(owner.page), 'comment', 'and still has the focus');
  assert.match(await owner.page.textContent('.comment-form'), new RegExp(`回复\\s*${repliedTo}`), 'still a reply to the comment chosen');
  assert.equal(await committee.page.inputValue('input[name=ballot-unit]'), '9-9-99', 'the unit being entered is still there');
  assert.equal(await focused(committee.page), 'ballot-unit', 'and still has the focus');

  // And what was typed is sent as the person meant it: a reply, with their words.
  await owner.page.click('.comment-form >> button[type=submit]');
  await owner.page.waitForSelector(`.replies .comment__body >> text=${draft}`);
  assert.equal(await owner.page.inputValue('textarea[name=comment]'), '');
  // The register's search, too, survives a sync that redraws the list under it.
  await committee.page.click('nav.bottom >> text=我的');
  await committee.page.click('a[href="/register"]');
  await committee.page.waitForSelector('.units tbody tr');
  await committee.page.locator('input[type=search]').fill('1-1');
  await committee.page.waitForFunction(() => [...document.querySelectorAll('.units tbody td:first-child')].every((td) => td.textContent.includes('1-1')));
  const again = await api(server.url, 'POST', `/communities/${other.community}/push`, other.token, {
    client_id: 'e2e-typing-neighbour',
    mutations: [{ id: 3, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal: elevator.id, reply_to: null, body: '邻居：再补一句。' } }],
  });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  // The list is read again once the pull is kept; a redraw that keeps the same rows changes
  // nothing on screen, so the test waits for the list to say it was drawn from the new data.
  const listDrawn = await drawnAt(committee.page, 'section[data-revision]');
  const brought = committee.page.waitForResponse(async (r) => r.url().endsWith('/pull')
    && (await r.json()).changes.some((c) => c.record.body === '邻居：再补一句。'));
  await committee.page.evaluate(() => window.dispatchEvent(new Event('online')));
  await brought;
  await committee.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await drawnAfter(committee.page, 'section[data-revision]', listDrawn);
  assert.equal(await committee.page.inputValue('input[type=search]'), '1-1', 'the search being typed is still there');
  assert.equal(await committee.page.evaluate(() => document.activeElement?.type), 'search', 'and still has the focus');

  assert.deepEqual(owner.errors, []);
  assert.deepEqual(committee.errors, []);
  await owner.context.close();
  await committee.context.close();
});

test('an edit being made survives a sync; saved over a newer version, it is refused, not lost over it', async () => {
  const committeeApi = await session(demo.codes.accounts.find((a) => a.role === 'committee').code);
  const pulled = await api(server.url, 'POST', `/communities/${committeeApi.community}/pull`, committeeApi.token, { client_id: 'e2e-typing-2', cookie: 0 });
  const elevator = pulled.body.changes.find((c) => c.kind === 'proposal' && c.record.title.includes('电梯')).record;
  const unit = demo.codes.units.filter((u) => u.owner_key !== 'developer').at(-1);

  const { context, page, errors } = await phone(browser);
  await signIn(page, server.url, unit.code);
  await openElevator(page);
  await page.fill('textarea[name=comment]', '原来的话：电梯坏了三次。');
  // The comment comes back from the server with the server's time, and its row is drawn
  // again: the edit begins after that, as a person's would who posted a moment ago.
  const back = page.waitForResponse(async (r) => r.url().endsWith('/pull')
    && (await r.json()).changes.some((c) => c.record.body === '原来的话：电梯坏了三次。'));
  await page.click('.comment-form >> button[type=submit]');
  await back;
  await page.waitForSelector('.status__sync:has-text("已全部同步")');
  const mine = page.locator('li.comment', { hasText: '原来的话：电梯坏了三次。' });
  await mine.locator('button:has-text("修改")').click();
  await page.fill('textarea[name=comment-edit]', '我改过的话：电梯坏了四次。');

  // A neighbour's comment arrives while the edit is being made.
  const neighbour = demo.codes.units.filter((u) => u.owner_key !== 'developer').at(-2);
  const next = await session(neighbour.code);
  await api(server.url, 'POST', `/communities/${next.community}/push`, next.token, {
    client_id: 'e2e-typing-2-neighbour',
    mutations: [{ id: 1, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal: elevator.id, reply_to: null, body: '邻居：我家那台也坏过。' } }],
  });
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForSelector('.comment >> text=邻居：我家那台也坏过。');
  // A row is added; the row being edited is not drawn again, so it keeps its text and focus.
  assert.equal(await page.inputValue('textarea[name=comment-edit]'), '我改过的话：电梯坏了四次。', 'the edit being made is still there');
  assert.equal(await focused(page), 'comment-edit', 'and still has the focus');

  // The same owner, from another phone, edits the comment first.
  const other = await session(unit.code);
  const now = await api(server.url, 'POST', `/communities/${other.community}/pull`, other.token, { client_id: 'e2e-typing-other-phone', cookie: 0 });
  const comment = now.body.changes.find((c) => c.kind === 'comment' && c.record.body === '原来的话：电梯坏了三次。').record;
  const edited = await api(server.url, 'POST', `/communities/${other.community}/push`, other.token, {
    client_id: 'e2e-typing-other-phone',
    mutations: [{ id: 1, name: 'edit_comment', at: Date.now(), args: { id: comment.id, body: '另一台手机改的：电梯坏了五次。', base: comment.revision } }],
  });
  assert.equal(edited.body.results[0].status, 'accepted', JSON.stringify(edited.body));

  const pageDrawn = await drawnAt(page, 'article.matter-page');
  const brought = page.waitForResponse(async (r) => r.url().endsWith('/pull')
    && (await r.json()).changes.some((c) => c.record.body === '另一台手机改的：电梯坏了五次。'));
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await brought;
  await page.waitForSelector('.status__sync:has-text("已全部同步")');
  await drawnAfter(page, 'article.matter-page', pageDrawn);
  // The comment itself changed under the edit; the edit stays, with its focus.
  assert.equal(await page.inputValue('textarea[name=comment-edit]'), '我改过的话：电梯坏了四次。', 'the edit being made is still there');
  assert.equal(await focused(page), 'comment-edit', 'and still has the focus');

  // Saving it would overwrite the other phone's edit unseen: it is refused, and says why.
  await page.click('.comment-edit >> button[type=submit]');
  await page.waitForSelector('.comment-edit >> text=内容已被更新');
  assert.equal(await page.inputValue('textarea[name=comment-edit]'), '我改过的话：电梯坏了四次。', 'what was typed is kept');
  const after = await api(server.url, 'POST', `/communities/${other.community}/pull`, other.token, { client_id: 'e2e-typing-other-phone', cookie: 0 });
  assert.equal(after.body.changes.find((c) => c.kind === 'comment' && c.record.id === comment.id).record.body, '另一台手机改的：电梯坏了五次。');

  // Given up, the row shows the comment as it is now; an edit begun again starts from that,
  // and once saved the row shows it, marked as edited.
  const row = page.locator('li.comment', { has: page.locator('textarea[name=comment-edit]') });
  await row.locator('.comment-edit >> button:has-text("取消")').click();
  const edited2 = page.locator('li.comment', { hasText: '另一台手机改的：电梯坏了五次。' });
  await edited2.locator('button:has-text("修改")').click();
  assert.equal(await page.inputValue('textarea[name=comment-edit]'), '另一台手机改的：电梯坏了五次。');
  await page.fill('textarea[name=comment-edit]', '最后的话：电梯坏了五次，请尽快修。');
  const saved = page.waitForResponse(async (r) => r.url().endsWith('/push')
    && (await r.json()).results.some((x) => x.status === 'accepted'));
  await page.click('.comment-edit >> button[type=submit]');
  const final = page.locator('li.comment', { hasText: '最后的话：电梯坏了五次，请尽快修。' });
  await final.locator('.comment__who >> text=已修改').waitFor();
  assert.equal(await page.locator('textarea[name=comment-edit]').count(), 0, 'the edit form has closed');
  await saved;
  const last = await api(server.url, 'POST', `/communities/${other.community}/pull`, other.token, { client_id: 'e2e-typing-other-phone', cookie: 0 });
  assert.equal(last.body.changes.find((c) => c.kind === 'comment' && c.record.id === comment.id).record.body, '最后的话：电梯坏了五次，请尽快修。');
  assert.deepEqual(errors, []);
  await context.close();
});
