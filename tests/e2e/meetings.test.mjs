// A meeting in person, as the committee and two officers run it: the committee calls an
// owners' assembly for within the hour, is refused publishing its notice until it gives the
// reason for less than 15 days (the screen counts them), and publishes; two officers' phones
// go offline at the door and each signs in the developer (one owner key, two units); back
// online, the first sign-in stands, the second phone is told why, and both show the same
// attendance against the 2/3 lines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, phone, signIn, session, api } from './harness.mjs';

let browser, demo, server;
before(async () => { ({ demo, server, browser } = await startDemo()); });
after(() => stopDemo({ browser, server }));

const code = (role) => demo.codes.accounts.find((a) => a.role === role).code;
/** Which form field has the focus: its name, or nothing. */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
/** `datetime-local` value of a time, as the phone's browser (UTC here) reads it. */
const local = (ms) => new Date(ms).toISOString().slice(0, 16);
const HOUR = 3_600_000;

/** The committee fills in the call form (a meeting starting in about an hour, lasting
 * `hours`), `more` fills in the rest, and the meeting is called and opened. */
async function callMeeting(page, { title, place, hours }, more = async () => {}) {
  const starts = Math.ceil((Date.now() + HOUR) / 60_000) * 60_000;
  await page.fill('input[name=title]', title);
  await page.fill('input[name=place]', place);
  await page.fill('input[name=starts]', local(starts));
  await page.fill('input[name=ends]', local(starts + hours * HOUR));
  await more();
  await page.click('button:has-text("召集会议")');
  await page.waitForSelector('.flash:has-text("会议已召集")');
  await page.click(`a:has-text("${title}")`);
}

test('the committee calls an assembly and publishes its notice; two offline phones sign in one owner, and the first stands', async () => {
  const chair = await phone(browser, { timezoneId: 'UTC' });
  await signIn(chair.page, server.url, code('committee'));
  await chair.page.click('nav.bottom >> text=我的');
  await chair.page.click('a:has-text("会议与签到")');
  // The demo's: the assembly that passed the parking covenant, and two announced.
  await chair.page.waitForSelector('a:has-text("业主大会现场会：“两停三不停”停车公约")');
  assert.equal(await chair.page.locator('ul.meetings > li').count(), 3);
  await chair.page.selectOption('select[name=kind]', 'assembly');
  await callMeeting(chair.page, { title: '第二届业主大会第三次会议', place: '小区南门广场', hours: 3 }, async () => {
    await chair.page.fill('input[name=tellers]', '孙桂兰，刘建国');
    await chair.page.fill('input[name=scrutineers]', '周玉梅');
  });
  // The screen counts the days: 0, short of 15, and asks for the reason.
  await chair.page.waitForSelector('text=今天发布，距会议召开 0 天，不足 15 日');
  await chair.page.click('button:has-text("发布会议通知")');
  await chair.page.waitForSelector('[role=alert]:has-text("业主大会须在会议召开 15 日前通知全体业主，现在只提前 0 日")');
  await chair.page.fill('textarea[name=early_reason]', '电梯停运，须尽快表决维修方案');
  await chair.page.click('button:has-text("发布会议通知")');
  await chair.page.waitForSelector('.flash:has-text("会议通知已发布")');
  await chair.page.waitForSelector('text=不足 15 日召开的理由（载入会议纪要）: 电梯停运，须尽快表决维修方案');
  await chair.page.waitForSelector('text=计票人: 孙桂兰、刘建国');
  await chair.page.waitForSelector('.status__sync:has-text("已全部同步")');
  const meetingUrl = chair.page.url();

  // The developer holds fourteen units under one key: one owner, whichever unit is named.
  const [first, second] = demo.codes.units.filter((u) => u.owner_key === 'developer').map((u) => u.unit);
  const officers = [await phone(browser), await phone(browser)];
  for (const officer of officers) {
    await signIn(officer.page, server.url, code('officer'));
    await officer.page.goto(meetingUrl);
    await officer.page.waitForSelector('text=会议通知发布于');
    await officer.context.setOffline(true);
  }
  const signInBy = async (page, unit, offline = true) => {
    await page.fill('input[name=find]', unit);
    await page.click(`.found li:has-text("${unit}") >> button:has-text("签到")`);
    await page.waitForSelector(`.flash:has-text("${unit} 已签到")`);
    if (offline) await page.waitForSelector('.status__sync:has-text("1 条待同步")');
  };
  await signInBy(officers[0].page, first);
  await signInBy(officers[1].page, second);
  for (const officer of officers) {
    await officer.page.waitForSelector('.attendance [aria-label*="按人数 1 / "]');
  }
  // The first phone back online wins; the second is told why.
  await officers[0].context.setOffline(false);
  await officers[0].page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });
  await officers[1].context.setOffline(false);
  await officers[1].page.waitForSelector(`.flash--refused:has-text("该业主已经签到（通过 ${first}）")`, { timeout: 30000 });
  await officers[1].page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });
  // Each officer has read what their phone said, and closes it.
  for (const officer of officers) await officer.page.click('.flash >> button:has-text("关闭")');

  // Every phone shows one owner in, signed in by the first phone's unit.
  await chair.page.reload();
  for (const page of [chair.page, ...officers.map((o) => o.page)]) {
    await page.waitForSelector('.attendance [aria-label*="按人数 1 / "]');
    await page.click('summary:has-text("签到名单")');
    const list = await page.locator('ol.signed li').allTextContents();
    assert.equal(list.length, 1, list.join('\n'));
    assert.match(list[0], new RegExp(`^${first} · `));
  }

  // An officer typing a search keeps the text and the focus while another phone's sign-in
  // arrives by sync and the count and the list follow it.
  const [searching, other] = officers.map((o) => o.page);
  await searching.fill('input[name=find]', '3-1');
  assert.equal(await focused(searching), 'find');
  const neighbour = demo.codes.units.find((u) => u.owner_key !== 'developer').unit;
  await signInBy(other, neighbour, false);
  await other.waitForSelector('.status__sync:has-text("已全部同步")');
  await searching.evaluate(() => window.dispatchEvent(new Event('online')));
  await searching.waitForSelector('.sign-in h2:has-text("签到 · 2 人")');
  await searching.waitForSelector('.attendance [aria-label*="按人数 2 / "]');
  assert.equal(await searching.inputValue('input[name=find]'), '3-1', 'the search being typed is still there');
  assert.equal(await focused(searching), 'find', 'and still has the focus');

  // The list of who has not signed in, for the volunteers at the doors, offline too: the
  // two owners in are not on it (the developer's fourteen units with them).
  await other.context().setOffline(true);
  await other.click('a:has-text("扫楼名单（未签到业主）")');
  const summary = await other.textContent('.doors__summary');
  const owners = new Set(demo.codes.units.map((u) => u.owner_key)).size;
  const signedOwners = new Set(['developer', demo.codes.units.find((u) => u.unit === neighbour).owner_key]);
  const doors = demo.codes.units.filter((u) => !signedOwners.has(u.owner_key)).length;
  assert.match(summary, new RegExp(`^业主共 ${owners} 人，已签到 2 人；待上门 ${doors} 户`));
  const listed = await other.locator('.doors td:first-child').allTextContents();
  assert.equal(listed.length, doors);
  // An owner's phone is not given it.
  const owner = await phone(browser);
  await signIn(owner.page, server.url, demo.codes.units[5].code);
  await owner.page.goto(`${meetingUrl}/doors`);
  await owner.page.waitForSelector('text=签到的扫楼名单只给业委会和计票人');
  assert.equal(await owner.page.locator('a:has-text("扫楼名单（未签到业主）")').count(), 0);
  for (const p of [chair, ...officers, owner]) assert.deepEqual(p.errors, []);
});

// The demo's assembly that passed the parking covenant, as the committee prints its minutes:
// the notice 15 days ahead, who came (the same figures as the meeting's page, one line a
// signed-in owner), and the covenant's sealed count, passed, with its ballots by channel.
test('the minutes of the held assembly print its notice, attendance and the sealed count', async () => {
  const chair = await phone(browser, { timezoneId: 'Asia/Shanghai' });
  await signIn(chair.page, server.url, code('committee'));
  await chair.page.goto(new URL("/meetings", server.url).href);
  await chair.page.click('a:has-text("业主大会现场会：“两停三不停”停车公约")');
  await chair.page.click('summary:has-text("签到名单")');
  const signed = await chair.page.locator('ol.signed li').count();
  const byOwners = await chair.page.locator('.attendance [aria-label*="按人数"]').getAttribute('aria-label');
  const [, owners, total] = byOwners.match(/按人数\D*(\d+) \/ (\d+)/);
  assert.equal(Number(owners), signed, byOwners);
  assert.ok(signed > 20, `${signed} signed in`);

  await chair.page.click('a:has-text("会议纪要（可打印）")');
  const sheet = chair.page.locator('article.minutes');
  await sheet.locator('text=表决结果：通过').waitFor();
  const text = await sheet.innerText();
  assert.match(text, /会议纪要/);
  assert.match(text, /会议通知：.*提前 15 天/);
  assert.match(text, new RegExp(`按人数 ${owners} / ${total} 人`));
  assert.match(text, /“两停三不停”停车公约（修改管理规约）/);
  assert.match(text, /计入的选票：线上 \d+，现场 \d+，纸质票 6/);
  // The six paper sheets of the demo, each entered twice, one settled by a third person.
  assert.match(text, /纸质表决票：录入 6 张，其中两人录入一致 5 张，经第三人对照原票核定 1 张，待核定 0 张，只录入一遍（未计票）的 0 张/);
  assert.match(text, /表决票送达：共 \d+ 户，已送达 \d+ 户/);
  assert.match(text, /重复投票（已记录，不计入）：/);
  assert.match(text, /计票人：邓海燕/);
  assert.match(text, /监票人（签名）/);
  assert.deepEqual(chair.errors, []);
});

// A proxy (委托) at an assembly deciding the elevator overhaul: the committee puts the vote on
// the agenda, records an owner's written authorisation (an agent holds one at most, so a
// second is refused with why), an officer's phone offline records the agent's ballot through
// it, it is counted once online, and the used authorisation can no longer be revoked.
test('the committee records a written authorisation; the agent votes through it on an offline phone', async () => {
  const committeeCode = code('committee');
  const committeeApi = await session(server.url, committeeCode);
  const pulled = await api(server.url, 'POST', `/communities/${committeeApi.community}/pull`, committeeApi.token, { client_id: 'e2e-proxy', cookie: 0 });
  const records = (kind) => pulled.body.changes.filter((c) => c.kind === kind).map((c) => c.record);
  const elevator = records('proposal').find((p) => p.title.includes('电梯'));
  const vote = records('vote').find((v) => v.proposal === elevator.id && v.closes_at > Date.now());
  const voted = new Set(records('ballot').filter((b) => b.vote === vote.id).map((b) => b.owner));
  const [owner, other] = demo.codes.units.filter((u) => u.owner_key !== 'developer' && !voted.has(u.owner_key));

  const chair = await phone(browser, { timezoneId: 'UTC' });
  await signIn(chair.page, server.url, committeeCode);
  await chair.page.goto(new URL('/meetings', server.url).href);
  await callMeeting(chair.page, { title: '业主大会：电梯大修', place: '党群驿站', hours: 2 }, async () => {
    await chair.page.selectOption('select[name=max_proxies]', '1');
    await chair.page.check(`label:has-text("${elevator.title}") >> input[name=agenda]`);
  });
  await chair.page.waitForSelector(`ol.agenda >> text=${elevator.title}`);

  const record = async (unit) => {
    await chair.page.fill('input[name=proxy-unit]', unit);
    await chair.page.fill('input[name=agent]', '赵敏');
    await chair.page.fill('input[name=agent-contact]', '139-0000-1111');
    await chair.page.click('button:has-text("登记书面委托")');
  };
  await record(owner.unit);
  await chair.page.waitForSelector('.flash:has-text("委托已登记")');
  await chair.page.waitForSelector(`.proxy-list li:has-text("${owner.unit}") >> text=受托人 赵敏`);
  await record(other.unit);
  await chair.page.waitForSelector('.proxies [role=alert]:has-text("这位受托人已接受 1 份委托，达到本次会议的上限")');
  assert.equal(await chair.page.inputValue('input[name=proxy-unit]'), other.unit, 'the form keeps what was typed');
  await chair.page.waitForSelector('.status__sync:has-text("已全部同步")');

  // The officer's phone pulls the authorisation, then loses the network.
  const officer = await phone(browser);
  await signIn(officer.page, server.url, code('officer'));
  await officer.page.click('nav.bottom >> text=议事厅');
  await officer.page.click(`.matter__title:has-text("${elevator.title}")`);
  await officer.page.waitForSelector('.vote input[name=ballot-unit]');
  await officer.context.setOffline(true);
  await officer.page.fill('input[name=ballot-unit]', other.unit);
  assert.equal(await officer.page.locator('input[name=by-agent]').count(), 0, 'no authorisation for this owner');
  await officer.page.fill('input[name=ballot-unit]', owner.unit);
  await officer.page.check('label:has-text("该业主已书面委托 赵敏（139-0000-1111）") >> input[name=by-agent]');
  await officer.page.click('.choices >> text=赞成');
  await officer.page.waitForSelector('.status__sync:has-text("1 条待同步")');
  await officer.context.setOffline(false);
  await officer.page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });

  const after = await api(server.url, 'POST', `/communities/${committeeApi.community}/pull`, committeeApi.token, { client_id: 'e2e-proxy', cookie: 0 });
  const proxy = after.body.changes.find((c) => c.kind === 'proxy' && c.record.unit === owner.unit).record;
  const cast = after.body.changes.filter((c) => c.kind === 'ballot' && c.record.vote === vote.id && c.record.owner === owner.owner_key);
  assert.equal(cast.length, 1, JSON.stringify(cast));
  assert.equal(cast[0].record.channel, 'proxy');
  assert.equal(cast[0].record.proxy, proxy.id);
  assert.equal(cast[0].record.duplicate_of, null);

  // Used, the authorisation stands.
  await chair.page.reload();
  // Once this phone holds the agent's ballot, its own rules say why.
  await chair.page.waitForSelector('.status__sync:has-text("已全部同步")');
  await chair.page.click(`.proxy-list li:has-text("${owner.unit}") >> button:has-text("撤销委托")`);
  await chair.page.waitForSelector('.flash--refused:has-text("受托人已凭这份委托投票，不能再撤销")', { timeout: 30000 });
  for (const p of [chair, officer]) assert.deepEqual(p.errors, []);
});
