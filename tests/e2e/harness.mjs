// Shared set-up of the end-to-end journeys: the real server over the release build in dist/,
// Debian's Chromium driven by playwright-core, a phone-sized context per journey.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = path.join(ROOT, 'target/debug/yishiting-server');
/** The server as the README's run command builds it (`--release`), for the benchmarks. */
export const RELEASE_SERVER = path.join(ROOT, 'target/release/yishiting-server');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts `yishiting-server serve` (the debug build, or `binary`) on a free port over a
 * database of its own (or `db`); resolves to { url, stop, db }. */
export async function startServer(db = path.join(mkdtempSync(path.join(os.tmpdir(), 'yishiting-e2e-')), 'hall.sqlite3'), addr = '127.0.0.1:0', binary = SERVER) {
  const child = spawn(binary, ['serve', '--addr', addr, '--dist', path.join(ROOT, 'dist'), '--db', db], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 60000);
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) { clearTimeout(timer); resolve(found[0]); }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${seen}`)));
  });
  const stopped = new Promise((resolve) => child.on('exit', resolve));
  return { url, db, stop: () => { child.kill('SIGTERM'); return stopped; } };
}

export async function launch(extraFlags = []) {
  // Playwright's 30 s default for a launch is short for the first start on a cold machine.
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...FLAGS, ...extraFlags], timeout: 120000 });
}

/** A phone (390×844) context in Chinese, with `options` for Playwright; page errors fail the journey. */
export async function phone(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', ...options,
  });
  const page = await context.newPage();
  // E2E_CPU_SLOWDOWN=10 runs the journeys as on a phone ten times slower than this machine:
  // a step that does not wait for what it checks shows up there, not as a rare CI failure.
  // E2E_LATENCY_MS=400 adds that much to every request, as a mobile network does: an answer
  // that comes while the test is already acting shows up there.
  const slowdown = Number(process.env.E2E_CPU_SLOWDOWN || 1);
  const latency = Number(process.env.E2E_LATENCY_MS || 0);
  if (slowdown > 1 || latency > 0) {
    const cdp = await context.newCDPSession(page);
    if (slowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const conditions = (offline) => cdp.send('Network.emulateNetworkConditions', { offline, latency, downloadThroughput: -1, uploadThroughput: -1 });
    await conditions(false);
    // With a second DevTools session attached, Chromium forgets Playwright's offline state
    // on a reload (navigator.onLine reads true): this session says it too.
    const setOffline = context.setOffline.bind(context);
    context.setOffline = async (offline) => {
      await setOffline(offline);
      await conditions(offline);
    };
  }
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The server's Content-Security-Policy must hold on every screen: a violation fails the
  // journey like an error would.
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /CSP violation|Content Security Policy/.test(m.text())) errors.push(m.text());
  });
  page.on('dialog', (d) => { errors.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  return { context, page, errors };
}

/**
 * Waits until the first visit is stored for offline use: the service worker has stored the
 * release (every screen's code included) and controls the page.
 */
export async function storedForOffline(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** The chunks of the screens that are not in the first load (dist/lazy/). */
export function lazyChunks() {
  return readdirSync(path.join(ROOT, 'dist/lazy')).filter((f) => f.endsWith('.wasm'));
}

/** The files of dist/lazy/ that the split functions `splits` load (each split's own and the
 * chunks it shares with others), as the loader `__wasm_split.js` names them: its comment
 * over each shared chunk says which splits use it. */
export function chunksOf(splits) {
  const loader = readFileSync(path.join(ROOT, 'dist/__wasm_split.js'), 'utf8');
  const files = new Set();
  for (const [, users, file] of loader.matchAll(/\/\* ([\w, ]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/lazy\/([^"]+)"/g)) {
    if (users.split(', ').some((u) => splits.includes(u))) files.add(file);
  }
  for (const [, name, file] of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/lazy\/([^"]+)"/g)) {
    if (splits.includes(name)) files.add(file);
  }
  return [...files];
}

/** Fills the profile form under 我的. */
export async function setProfile(page, name, role, unit) {
  await page.click('nav.bottom >> text=我的');
  await page.fill('input[name=name]', name);
  await page.selectOption('select[name=role]', role);
  if (unit) await page.fill('input[name=unit]', unit);
  await page.click('form >> text=保存');
  await page.waitForSelector('text=已保存');
}

/** Creates a community from the welcome screen. */
export async function createCommunity(page, url, name) {
  await page.goto(url);
  await page.fill('input[name=community]', name);
  await page.click('button[type=submit]:has-text("创建")');
  await page.waitForSelector('input[name=name]');
}

/** Imports a units.csv text through the register screen and saves it. */
export async function importRegister(page, csv) {
  await page.goto(new URL('/register', page.url()).href);
  await page.setInputFiles('input[name=units-csv]', { name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('text=保存名册');
  await page.waitForSelector('text=名册已保存');
}

/** Raises a matter and waits for its page. */
export async function raise(page, title, body) {
  await page.click('nav.bottom >> text=提议题');
  await page.fill('input[name=title]', title);
  await page.fill('textarea[name=body]', body);
  await page.click('text=提交议题');
  await page.waitForSelector(`h1:has-text("${title}")`);
}

/** As the committee, moves the open matter through `stages`, one click each. */
export async function advance(page, ...stages) {
  for (const next of stages) {
    await page.click(`text=推进到 “${next}”`);
    await page.waitForSelector(`.steps__step--now:has-text("${next}")`);
  }
}

/** Recounts with the CLI; resolves to its JSON. */
export function recount(dir, matter, extra = []) {
  const out = execFileSync(SERVER, ['tally', '--units', path.join(dir, 'units.csv'), '--ballots',
    path.join(dir, 'ballots.csv'), '--matter', String(matter), '--json', ...extra]);
  return JSON.parse(out.toString());
}

/** A fresh database holding the demo community; resolves to { db, codes } (codes as `init
 * --codes-json` writes them), and with `slips` the printed slips' HTML too. */
export function initDemo(slips = false) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yishiting-sync-'));
  const db = path.join(dir, 'hall.sqlite3');
  const file = path.join(dir, 'codes.json');
  const slipsFile = path.join(dir, 'slips.html');
  execFileSync(SERVER, ['init', '--db', db, '--demo', '--codes-json', file, ...(slips ? ['--slips', slipsFile] : [])]);
  const made = { db, codes: JSON.parse(readFileSync(file, 'utf8')) };
  return slips ? { ...made, slips: readFileSync(slipsFile, 'utf8') } : made;
}

/** The demo community on a real server, and Chromium: resolves to { demo, server, browser }. */
export async function startDemo() {
  const demo = initDemo();
  const server = await startServer(demo.db);
  try {
    return { demo, server, browser: await launch() };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** Stops what `startDemo` started. */
export async function stopDemo({ browser, server }) {
  await browser?.close();
  await server?.stop();
}

/** Signs a code in through the API, as another phone would: resolves to { token, community }. */
export async function session(url, code) {
  const signed = await api(url, 'POST', '/session', null, { code });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  return { token: signed.body.token, community: signed.body.community.id };
}

/** Calls the server's API as a script would: resolves to { status, body }. */
export async function api(url, method, route, token, body) {
  const response = await fetch(new URL('/api/v1' + route, url), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Types a code on the app's sign-in page and presses 登录, waiting for nothing. */
export async function submitCode(page, url, code) {
  await page.goto(new URL('/signin', url).href);
  await page.getByLabel('登录码').fill(code);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Signs in through the app's sign-in page and waits for the first sync. */
export async function signIn(page, url, code) {
  await submitCode(page, url, code);
  await page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 30000 });
  // "Downloading" is said only until the data is here.
  await page.waitForSelector('text=小区数据正在下载', { state: 'detached', timeout: 15000 });
}
