// The journeys of a resident, an officer and a committee member, in a real Chromium on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, phone, setProfile, createCommunity, importRegister, raise, recount, advance, storedForOffline } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the demo community loads', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  assert.ok(await page.locator('.matters li').count() >= 8);
  assert.match(await page.textContent('.top__name'), /翠屏花园/);
  await page.click('.chips >> text=决议');
  await page.waitForURL(/stage=deciding/);
  assert.equal(await page.locator('.matters li').count(), 2);
  await page.fill('input[type=search]', '电梯');
  await page.waitForURL(/q=/);
  assert.equal(await page.locator('.matters li').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad register shows every error and saves nothing; a good one is previewed and saved', async () => {
  const { context, page, errors } = await phone(browser);
  await createCommunity(page, server.url, '测试小区');
  await page.goto(new URL('/register', server.url).href);
  const bad = 'unit_id,area,owner_id\n1-101,89.50,a\n1-102,12.345,b\n1-101,70,c\n';
  await page.setInputFiles('input[name=units-csv]', { name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.waitForSelector('.errors li');
  const listed = await page.locator('.errors li').allTextContents();
  assert.equal(listed.length, 2);
  assert.match(listed[0], /第 3 行第 2 列（area）“12.345”/);
  assert.match(listed[1], /第 4 行第 1 列（unit_id）“1-101”/);
  assert.match(await page.textContent('main'), /房屋 \(0\)/);
  const good = 'unit_id,area,owner_id,owner_name\n1-101,89.50,a,王\n1-102,60.25,a,王\n2-101,120.00,b,李\n2-102,100.00,c,张\n';
  await page.setInputFiles('input[name=units-csv]', { name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.waitForSelector('.preview >> text=总面积');
  assert.match(await page.textContent('.preview'), /房屋 4 · 业主 3 · 总面积 369.75 ㎡/);
  await page.click('text=保存名册');
  await page.waitForSelector('text=名册已保存');
  assert.match(await page.textContent('main'), /房屋 \(4\)/);
  await page.fill('input[placeholder="按房号或姓名查找"]', '李');
  assert.equal(await page.locator('.units tbody tr').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a matter is raised, discussed by two roles, and moved through the stages', async () => {
  const { context, page, errors } = await phone(browser);
  await createCommunity(page, server.url, '测试小区');
  await setProfile(page, '刘阿姨', 'resident');
  // Sent empty, the form marks the fields its problems are about, and says each problem.
  await page.click('nav.bottom >> text=提议题');
  await page.fill('input[name=title]', '2栋门前垃圾桶异味');
  await page.click('text=提交议题');
  await page.waitForSelector('textarea[name=body][aria-invalid=true]');
  assert.equal(await page.getAttribute('input[name=title]', 'aria-invalid'), 'false');
  assert.deepEqual(await page.locator('.problems li').allTextContents(), ['内容不能为空']);
  await raise(page, '2栋门前垃圾桶异味', '夏天味道很大，建议挪到北侧。');
  await page.fill('textarea[name=comment]', '我家就在1楼，确实难闻。');
  await page.click('text=发表');
  await page.waitForSelector('.comment >> text=确实难闻');
  // A comment that looks like HTML is shown as text and runs nothing.
  await page.fill('textarea[name=comment]', '<img src=x onerror=alert(1)>');
  await page.click('text=发表');
  await page.waitForSelector('.comment__body >> text=<img src=x onerror=alert(1)>');
  assert.equal(await page.locator('.comment__body img').count(), 0);
  const matterUrl = page.url();
  // The resident cannot move the matter.
  assert.equal(await page.locator('text=推进到').count(), 0);

  await setProfile(page, '物业张经理', 'property');
  await page.goto(matterUrl);
  await page.locator('.comment', { hasText: '确实难闻' }).locator('text=回复').first().click();
  await page.fill('textarea[name=comment]', '三天内整改，调整清运时间。');
  await page.click('text=发表');
  await page.waitForSelector('.replies >> text=三天内整改');
  assert.match(await page.locator('.replies .role').first().textContent(), /物业/);

  await setProfile(page, '周主任', 'committee');
  await page.goto(matterUrl);
  await advance(page, '提议', '商议', '决议', '督办', '公开');
  assert.equal(await page.locator('.timeline li').count(), 5);
  assert.equal(await page.locator('text=推进到').count(), 0);
  await page.goto(server.url);
  assert.match(await page.locator('.matter').first().textContent(), /公开.*垃圾桶异味.*3 条发言/s);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Five owners of 100 m² each, one of them with a second unit. */
const FIVE_OWNERS = 'unit_id,area,owner_id\nA,100.00,a\nA2,50.00,a\nB,100.00,b\nC,100.00,c\nD,100.00,d\nE,100.00,e\n';

/** The figures the vote panel shows: participating and yes, in area and headcount, and the verdict. */
async function screenFigures(page) {
  const bars = await page.locator('.bar .bar__label').allTextContents();
  const pair = (text) => text.match(/([\d.]+) \/ ([\d.]+)/).slice(1, 3);
  return {
    participating_area: pair(bars[0])[0], total_area: pair(bars[0])[1],
    participating_owners: Number(pair(bars[1])[0]), total_owners: Number(pair(bars[1])[1]),
    yes_area: pair(bars[2])[0], yes_owners: Number(pair(bars[3])[0]),
    passing: (await page.textContent('.verdict')).includes('可以通过'),
  };
}

test('an owners vote on a special matter crosses and then falls below the 3/4 line, as the recount says', async () => {
  const { context, page, errors } = await phone(browser);
  await createCommunity(page, server.url, '测试小区');
  await importRegister(page, FIVE_OWNERS);
  await setProfile(page, '周主任', 'committee');
  await raise(page, '地面停车位改为电动车棚', '改变共有部分用途，属民法典第二百七十八条第八项。');
  await advance(page, '提议', '商议', '决议');
  await page.selectOption('select[name=matter]', '8');
  assert.match(await page.textContent('form'), /四分之三以上/);
  await page.click('form >> button:has-text("发起业主表决")');
  await page.waitForSelector('.vote');
  const matterUrl = page.url();

  await setProfile(page, '计票人孙', 'officer');
  await page.goto(matterUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recount-'));
  fs.writeFileSync(path.join(dir, 'units.csv'), FIVE_OWNERS);
  const cast = [];
  const headcount = (n) => page.waitForFunction(
    (n) => document.querySelectorAll('.vote .bar')[1]?.textContent.includes(`${n} / 5`), n);
  /** Records one ballot as the officer, keeps ballots.csv in step, waits for the count. */
  async function record(unit, choice, label, counted) {
    await page.fill('input[name=ballot-unit]', unit);
    await page.click(`.choices >> text=${label}`);
    await page.waitForSelector(`.flash:has-text("${unit}")`);
    cast.push(`${unit},${choice}`);
    fs.writeFileSync(path.join(dir, 'ballots.csv'), `unit_id,choice\n${cast.join('\n')}\n`);
    await headcount(counted);
  }
  async function compare() {
    const screen = await screenFigures(page);
    const cli = recount(dir, 8);
    assert.equal(screen.participating_area, cli.participating_area);
    assert.equal(screen.total_area, cli.total_area);
    assert.equal(screen.participating_owners, cli.participating_owners);
    assert.equal(screen.total_owners, cli.total_owners);
    assert.equal(screen.yes_area, cli.yes_area);
    assert.equal(screen.yes_owners, cli.yes_owners);
    assert.equal(screen.passing, cli.passed);
    return cli;
  }
  await record('A', 'yes', '赞成', 1);
  await record('B', 'yes', '赞成', 2);
  await record('C', 'yes', '赞成', 3);
  let cli = await compare();
  assert.equal(cli.passed, false, 'three of five owners is short of the 2/3 quorum in headcount');
  await record('D', 'no', '反对', 4);
  cli = await compare();
  assert.equal(cli.passed, true, 'three yes of four participating owners is exactly 3/4, and 350 of 450 m² is over it');
  // The owner of A tries again through A2: the officer is warned before recording; if
  // recorded anyway it is refused, listed as a duplicate, never counted.
  await page.fill('input[name=ballot-unit]', 'A2');
  assert.match(await page.textContent('.cast'), /该业主已投票，第一张有效票为准，通过 A/);
  await record('A2', 'no', '反对', 4);
  assert.match(await page.textContent('.flash--refused'), /已经投过票/);
  cli = await compare();
  assert.deepEqual(cli.duplicates, ['A2']);
  assert.match(await page.textContent('.duplicates'), /A2/);
  await record('E', 'no', '反对', 5);
  cli = await compare();
  assert.equal(cli.passed, false, 'three yes of five participating owners is 60%: below 3/4');
  assert.equal(cli.yes_owners, 3);

  // A notice prints only a sealed count: while the vote runs it says so (the printed
  // notice of a sealed vote is in seal.test.mjs).
  await page.click('text=公示页');
  await page.waitForSelector('.notice:has-text("计票尚未封存")');
  assert.equal(await page.locator('.notice-sheet').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('offline after the first load: the whole journey works, and a reload online finds it all', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.waitForSelector('text=创建我们的小区');
  // The first load is over once the screens that come after the first one are stored too.
  await storedForOffline(page);
  await context.setOffline(true);
  await page.waitForSelector('.status:has-text("离线")');
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  // The developer's unsold units have not voted in the demo: vote as the developer.
  await page.click('nav.bottom >> text=我的');
  await page.click('a:has-text("业主名册")');
  await page.fill('input[placeholder="按房号或姓名查找"]', '开发商');
  const unit = (await page.locator('.units tbody tr td').first().textContent()).trim();
  await setProfile(page, '开发商代表', 'owner', unit);
  await raise(page, '离线提出的议题', '在地下车库没有信号时写的。');
  await page.fill('textarea[name=comment]', '离线发言');
  await page.click('text=发表');
  await page.waitForSelector('.comment >> text=离线发言');
  const matterUrl = page.url();
  await page.click('nav.bottom >> text=议事厅');
  await page.click('.matter__title:has-text("电梯")');
  await page.click('.choices >> text=赞成');
  await page.waitForSelector('text=您已投票');
  await context.setOffline(false);
  await page.waitForSelector('.status:has-text("在线")');
  await page.reload();
  await page.waitForSelector('text=您已投票');
  await page.goto(matterUrl);
  await page.waitForSelector('.comment >> text=离线发言');
  await page.goto(server.url);
  await page.waitForSelector('.matters li');
  assert.equal(await page.locator('.matter__title:has-text("离线提出的议题")').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('opened with no network after one visit: the shell comes from the service worker, the data from IndexedDB', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('.status:has-text("离线")');
  await page.waitForSelector('.matters li');
  assert.ok(await page.locator('.matters li').count() >= 8);
  // A deep link opens too: any route gets the cached shell.
  await page.goto(new URL('/me', server.url).href);
  await page.waitForSelector('input[name=name]');
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('follow-majority deems delivered owners who did not vote, shown apart, as the recount says', async () => {
  const { context, page, errors } = await phone(browser);
  const units = 'unit_id,area,owner_id\nA,100.00,a\nB,100.00,b\nC,100.00,c\nD,80.00,d\n';
  await createCommunity(page, server.url, '测试小区');
  await importRegister(page, units);
  await setProfile(page, '周主任', 'committee');
  await raise(page, '续聘物业服务企业', '第四项，过半数。');
  await advance(page, '提议', '商议', '决议');
  await page.selectOption('select[name=matter]', '4');
  await page.check('input[name=vote-policy][value=follow-majority]');
  await page.click('form >> button:has-text("发起业主表决")');
  await page.waitForSelector('.deliveries');
  await page.click('text=登记已送达全部业主');
  await page.waitForSelector('.flash:has-text("已登记送达 4")');
  const matterUrl = page.url();
  await setProfile(page, '计票人孙', 'officer');
  await page.goto(matterUrl);
  for (const unit of ['A', 'B']) {
    await page.fill('input[name=ballot-unit]', unit);
    await page.click('.choices >> text=赞成');
    await page.waitForSelector(`.flash:has-text("${unit}")`);
  }
  await page.waitForFunction(() => document.querySelectorAll('.vote .bar')[1]?.textContent.includes('4 / 4'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recount-'));
  fs.writeFileSync(path.join(dir, 'units.csv'), units);
  fs.writeFileSync(path.join(dir, 'ballots.csv'), 'unit_id,choice\nA,yes\nB,yes\n');
  fs.writeFileSync(path.join(dir, 'delivered.csv'), 'unit_id\nA\nB\nC\nD\n');
  const cli = recount(dir, 4, ['--non-response', 'follow-majority', '--delivered', path.join(dir, 'delivered.csv')]);
  const screen = await screenFigures(page);
  assert.equal(screen.participating_owners, cli.participating_owners);
  assert.equal(screen.participating_area, cli.participating_area);
  assert.equal(screen.yes_area, cli.yes_area);
  assert.equal(cli.deemed_owners, 2);
  assert.match(await page.textContent('.breakdown'), /180.00 ㎡ \/ 2/, 'deemed shown apart');
  assert.equal(screen.passing, cli.passed);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an opinion poll takes one answer a person and shows results as bars', async () => {
  const { context, page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.click('text=试用示例小区');
  await page.waitForSelector('.matters li');
  await setProfile(page, '租户小陈', 'resident');
  await page.click('nav.bottom >> text=议事厅');
  await page.click('.matter__title:has-text("电动车棚")');
  await page.waitForSelector('.poll');
  const people = async () => Number((await page.textContent('.poll .hint')).match(/(\d+) 人已参加/)[1]);
  const before = await people();
  await page.locator('.poll input[type=radio]').first().check();
  await page.click('text=提交意见');
  await page.waitForSelector('text=您已参加这次征询');
  assert.equal(await people(), before + 1);
  assert.equal(await page.locator('text=提交意见').count(), 0, 'one answer a person');
  assert.ok(await page.locator('.poll .bar').count() >= 2);

  await setProfile(page, '周主任', 'committee');
  await page.click('nav.bottom >> text=议事厅');
  await page.click('.matter__title:has-text("花盆")');
  await page.click('text=发起意见征询');
  await page.fill('input[name=question]', '您家阳台有外挂花盆吗？');
  await page.selectOption('select[name=kind]', 'multiple');
  await page.fill('textarea[name=options]', '有，已固定\n有，未固定\n没有');
  await page.click('form >> button:has-text("创建")');
  await page.waitForSelector('.poll >> text=您家阳台有外挂花盆吗？');
  assert.equal(await page.locator('.poll input[type=checkbox]').count(), 3);
  assert.deepEqual(errors, []);
  await context.close();
});
