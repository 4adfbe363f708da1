// The door-to-door list (扫楼名单) of an owners' vote, as the committee prints it and an
// officer carries it offline: the owners who have not voted, by building and floor, each
// door saying whether its ballot was delivered and how; an owner who voted through one of two units
// is not sent to the other; an owner is not shown who has voted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, setProfile, createCommunity, importRegister, raise, advance, storedForOffline } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const REGISTER = [
  'unit_id,area,owner_id,building,room,owner_name',
  '1-301,90.00,wang,1,301,王建国',
  '1-302,90.00,li,1,302,李秀英',
  '1-1201,120.00,zhao,1,1201,赵德明',
  '2-101,80.00,wang,2,101,王建国',
  '2-102,80.00,sun,2,102,孙丽华',
  '10-501,100.00,zhou,10,501,周海',
].join('\n');

/** The list as it reads: each floor's heading with the rooms under it and their delivery. */
const listed = (page) => page.$$eval('.doors__building', (buildings) => buildings.map((b) => ({
  building: b.querySelector('h2').textContent,
  floors: [...b.querySelectorAll('.doors__floor')].map((h) => ({
    floor: h.textContent,
    doors: [...h.nextElementSibling.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
  })),
})));

test('the committee prints the door-to-door list; an officer opens it offline; an owner is not shown it', async () => {
  const { context, page, errors } = await phone(browser);
  await createCommunity(page, server.url, '春风小区');
  await importRegister(page, REGISTER);
  await setProfile(page, '周主任', 'committee');
  await raise(page, '增设电动自行车充电桩', '在 1 栋和 2 栋之间的空地增设充电桩，费用从公共收益列支。');
  await advance(page, '提议', '商议', '决议');
  await page.selectOption('select[name=matter]', '4');
  await page.click('form >> button:has-text("发起业主表决")');
  await page.waitForSelector('.deliveries');
  // The ballots of two owners were delivered by WeChat message (a delivered.csv from the
  // volunteers).
  await page.selectOption('select[name=delivery-method]', 'wechat');
  await page.setInputFiles('input[name=delivered-csv]', { name: 'delivered.csv', mimeType: 'text/csv', buffer: Buffer.from('unit_id\n1-302\n2-102\n') });
  await page.waitForSelector('.flash:has-text("已登记送达 2")');
  const matterUrl = page.url();

  // 王 votes through unit 2-101 at the officer's table; 孙 votes too.
  await setProfile(page, '计票人孙', 'officer');
  await page.goto(matterUrl);
  for (const unit of ['2-101', '2-102']) {
    await page.fill('input[name=ballot-unit]', unit);
    await page.click('.choices >> text=赞成');
    await page.waitForSelector(`.flash:has-text("${unit}")`);
  }
  await page.click('a:has-text("扫楼名单")');
  await page.waitForSelector('.doors__summary');
  assert.equal(await page.textContent('.doors__summary'), '业主共 5 人，已表决 2 人；待上门 3 户，其中表决票未送达 2 户');
  assert.deepEqual(await listed(page), [
    { building: '1 栋', floors: [
      { floor: '3 层', doors: [['302', '李秀英', '已送达（微信送达）']] },
      { floor: '12 层', doors: [['1201', '赵德明', '未送达']] },
    ] },
    { building: '10 栋', floors: [{ floor: '5 层', doors: [['501', '周海', '未送达']] }] },
  ], '王 voted through 2-101: 1-301 is not on the list; buildings in natural order');

  // Offline, as at the door: the list is read from the phone, and a ballot taken there
  // takes its owner off it.
  await storedForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('.doors__summary');
  await page.goto(matterUrl);
  await page.fill('input[name=ballot-unit]', '1-1201');
  await page.click('.choices >> text=反对');
  await page.waitForSelector('.flash:has-text("1-1201")');
  await page.click('a:has-text("扫楼名单")');
  await page.waitForSelector('.doors__summary:has-text("已表决 3 人")');
  assert.ok(!(await page.textContent('.doors')).includes('赵德明'));

  // An owner's phone does not know who has voted: no link, and the page says why.
  await setProfile(page, '李秀英', 'owner', '1-302');
  await page.goto(matterUrl);
  await page.waitForSelector('.vote');
  assert.equal(await page.locator('a:has-text("扫楼名单")').count(), 0);
  await page.goto(`${matterUrl}/doors`);
  await page.waitForSelector('text=扫楼名单只给');
  assert.equal(await page.locator('.doors').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
