// The administrator's page on the phone: signing in with the administrator's code leaves the
// device's own hall alone; a new role account's code works at once; a lost slip's unit gets a
// new code and the old one (and its sessions) stop working; signing an account out everywhere
// ends its sessions; a unit not in the register is refused with why; a printed slip is the
// slip alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, stopDemo, phone, api, signIn, createCommunity } from './harness.mjs';

let browser, demo, server;

before(async () => ({ demo, server, browser } = await startDemo()));
after(() => stopDemo({ browser, server }));

/** Accepts the page's confirmations (each is recorded) instead of failing on them. */
function acceptDialogs(page) {
  const asked = [];
  page.removeAllListeners('dialog');
  page.on('dialog', (d) => { asked.push(d.message()); d.accept(); });
  return asked;
}

async function signInStatus(code) {
  return (await api(server.url, 'POST', '/session', null, { code })).status;
}

test('the administrator manages accounts and codes from the phone', async () => {
  const admin = await phone(browser);
  const { page } = admin;
  // The phone already holds a hall of its own: the administrator's sign-in must not touch it.
  await createCommunity(page, server.url, '本机试用小区');
  await page.click('nav.bottom >> text=我的');
  await page.click('a:has-text("用登录码登录")');
  await page.waitForSelector('input[name=code]');
  await page.getByLabel('登录码').fill(demo.codes.admin_code.toLowerCase());
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('h1:has-text("管理账号和登录码")');
  assert.equal(new URL(page.url()).pathname, '/admin');
  assert.match(await page.textContent('.page'), /翠屏花园/);
  assert.match(await page.textContent('.top__name'), /本机试用小区/, 'the device keeps its own hall');
  await page.waitForSelector('.account-row:has-text("周建华（业委会）")');
  const rows = await page.locator('.account-row').allTextContents();
  assert.equal(rows.length, demo.codes.accounts.length, 'the role accounts, not the administrator or the units');

  // A new officer for the meeting: the code is shown once and signs in at once.
  await page.fill('input[name=name]', '计票人 李阿姨');
  await page.selectOption('select[name=role]', 'officer');
  await page.click('text=新建并生成登录码');
  const officerCode = (await page.textContent('.slip .slip__code')).trim();
  assert.match(officerCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.match(await page.textContent('.slip'), /计票人 李阿姨（计票人）/);
  assert.doesNotMatch(await page.textContent('.slip'), /作废/, 'a new account replaced no code');
  assert.match(await page.textContent('.slip__link'), new RegExp(`/signin\\?community=\\d+&code=${officerCode}`));
  await page.waitForSelector('.account-row:has-text("计票人 李阿姨（计票人）")');
  const officer = await phone(browser);
  await signIn(officer.page, server.url, officerCode);
  await officer.page.click('nav.bottom >> text=我的');
  await officer.page.waitForSelector('text=李阿姨');

  // Printed, the slip is all there is on the page.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('.slip__code'));
  assert.ok(!(await page.isVisible('text=新建账号')), 'the forms are not printed');
  await page.emulateMedia({ media: 'screen' });
  await page.click('text=已交给本人');
  assert.equal(await page.locator('.slip').count(), 0);

  // An empty name is refused on the phone, nothing is created.
  const before = (await api(server.url, 'POST', '/session', null, { code: demo.codes.admin_code })).body.token;
  const count = async () => (await api(server.url, 'GET', `/communities/${demo.codes.community}/accounts`, before)).body.length;
  const accounts = await count();
  await page.fill('input[name=name]', '   ');
  await page.click('text=新建并生成登录码');
  await page.waitForSelector('[role=alert]:has-text("名称须为 1–40 个字")');
  assert.equal(await count(), accounts);

  // A lost slip: the unit gets a new code; the old code and its sessions stop working.
  const asked = acceptDialogs(page);
  const lost = demo.codes.units[7];
  const oldToken = (await api(server.url, 'POST', '/session', null, { code: lost.code })).body.token;
  await page.fill('input[name=unit]', lost.unit);
  await page.click('button:has-text("补发登录码")');
  await page.waitForSelector('.slip');
  assert.match(asked.at(-1), new RegExp(`^${lost.unit}：补发后旧登录码作废`));
  const newCode = (await page.textContent('.slip__code')).trim();
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('slip')), 'the new code takes the focus');
  assert.ok(await page.locator('.slip__code').evaluate((e) => e.getBoundingClientRect().top >= 0), 'and is in view');
  assert.notEqual(newCode, lost.code);
  assert.match(await page.textContent('.slip'), new RegExp(`${lost.unit}（业主）[\\s\\S]*旧的登录码已作废`));
  assert.equal(await signInStatus(lost.code), 401, 'the old code no longer signs in');
  assert.equal(await signInStatus(newCode), 200, 'the new one does');
  assert.equal((await api(server.url, 'GET', '/session', oldToken)).status, 401, 'the old session ended');

  // A unit that is not in the register: said why, no code shown.
  await page.click('text=已交给本人');
  await page.fill('input[name=unit]', '99-9-9999');
  await page.click('button:has-text("补发登录码")');
  await page.waitForSelector('[role=alert]:has-text("名册中没有这个房号")');
  assert.equal(await page.locator('.slip').count(), 0);

  // Signing the officer out everywhere: the officer's phone must sign in again.
  await page.click('button[aria-label="计票人 李阿姨（计票人） 全部退出登录"]');
  await page.waitForSelector('.flash:has-text("已让 1 个登录退出")');
  await officer.page.click('button:has-text("立即同步")');
  await officer.page.waitForSelector('.status__action', { timeout: 30000 });
  assert.equal(await signInStatus(officerCode), 200, 'the code itself still works');

  // Leaving the page ends the administrator's session; the device's hall is as it was.
  await page.click('text=退出管理');
  await page.waitForURL((u) => u.pathname === '/');
  assert.match(await page.textContent('.top__name'), /本机试用小区/);
  await page.click('nav.bottom >> text=我的');
  await page.waitForSelector('a:has-text("用登录码登录")');
  assert.equal(await page.locator('a:has-text("管理账号和登录码")').count(), 0, 'the session is gone');

  for (const who of [admin, officer]) {
    assert.deepEqual(who.errors, []);
    await who.context.close();
  }
});

test('without the administrator\'s session the page only says how to get one', async () => {
  const resident = await phone(browser);
  await signIn(resident.page, server.url, demo.codes.units[3].code);
  await resident.page.goto(new URL('/admin', server.url).href);
  await resident.page.waitForSelector('text=管理员请先用管理员登录码登录');
  assert.equal(await resident.page.locator('input[name=unit]').count(), 0);
  // And the server refuses an owner's token for the accounts whatever the page shows.
  const token = (await api(server.url, 'POST', '/session', null, { code: demo.codes.units[3].code })).body.token;
  const answer = await api(server.url, 'GET', `/communities/${demo.codes.community}/accounts`, token);
  assert.equal(answer.status, 403);
  assert.deepEqual(resident.errors, []);
  await resident.context.close();
});
