// Sign-in at the door by scanning the owner's printed slip (签到扫码): the slips are the ones
// `yishiting-server init --slips` prints; the officer's phone, offline, reads one with its
// camera (Chromium's camera faked with a video file made from that slip's QR code), finds the
// owner in the register and signs them in with one tap; a paper sheet's number is read the
// same way at entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initDemo, startServer, launch, phone, api, signIn, session } from './harness.mjs';

let browser, demo, server, camera;
const W = 640;
const H = 480;

before(async () => {
  demo = initDemo(true);
  server = await startServer(demo.db);
});
after(async () => { await browser?.close(); await camera?.close(); await server?.stop(); });

const code = (role) => demo.codes.accounts.find((a) => a.role === role).code;

/** A camera's video file (Y4M, one grey frame, looped by Chromium) showing `svg`. */
async function videoOf(page, svg) {
  const luma = await page.evaluate(async ({ svg, W, H }) => {
    const image = new Image();
    image.src = 'data:image/svg+xml;base64,' + btoa(svg);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, W, H);
    g.drawImage(image, (W - 360) / 2, (H - 360) / 2, 360, 360);
    const { data } = g.getImageData(0, 0, W, H);
    const y = new Array(W * H);
    for (let i = 0; i < W * H; i++) y[i] = Math.round(0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2]);
    return y;
  }, { svg, W, H });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'yishiting-camera-')), 'camera.y4m');
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  writeFileSync(file, Buffer.concat([header, Buffer.from(luma), chroma]));
  return file;
}

test('an officer offline signs an owner in by scanning the printed slip', async () => {
  browser = await launch();
  // The slip of an owner of one unit, as printed.
  const owners = new Map();
  for (const u of demo.codes.units) owners.set(u.owner_key, [...(owners.get(u.owner_key) ?? []), u]);
  const unit = [...owners.values()].find((units) => units.length === 1 && units[0].owner_key !== 'developer')[0].unit;
  const printed = await (await browser.newContext()).newPage();
  await printed.setContent(demo.slips);
  const slip = printed.locator('section.slip', { has: printed.locator(`b:text-is("${unit}")`) });
  const svg = await slip.locator('.qr svg').evaluate((e) => e.outerHTML);
  const video = await videoOf(printed, svg);
  camera = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);

  // A discussion meeting in an hour: sign-in at its door is open.
  const committee = await session(server.url, code('committee'));
  const meeting = crypto.randomUUID();
  const starts = Date.now() + 3_600_000;
  const draft = { kind: 'discussion', title: '楼道堆物清理议事会', place: '党群驿站', starts_at: starts, ends_at: starts + 3_600_000, max_proxies: 1 };
  const pushed = await api(server.url, 'POST', `/communities/${committee.community}/push`, committee.token, {
    client_id: 'e2e-scan', mutations: [
      { id: 1, name: 'create_meeting', args: { id: meeting, draft } },
      { id: 2, name: 'publish_notice', args: { meeting } },
    ],
  });
  assert.deepEqual(pushed.body.results.map((r) => r.status), ['accepted', 'accepted']);

  // The officer allows the camera when the phone asks.
  const officer = await phone(camera, { permissions: ['camera'] });
  await signIn(officer.page, server.url, code('officer'));
  await officer.page.goto(new URL(`/meetings/${meeting}`, server.url).href);
  await officer.page.waitForSelector('input[name=find]');
  // The page that scans fetched the QR reader (a chunk of its own) while online.
  await officer.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/lazy/split_qr_read')));
  await officer.context.setOffline(true);
  await officer.page.click('.scanner >> button:has-text("扫码")');
  await officer.page.waitForSelector(`.flash:has-text("已识别登录条：${unit}")`);
  assert.equal(await officer.page.inputValue('input[name=find]'), unit);
  await officer.page.click(`.found li:has-text("${unit}") >> button:has-text("签到")`);
  await officer.page.waitForSelector(`.flash:has-text("${unit} 已签到")`);
  await officer.page.waitForSelector('.sign-in h2:has-text("签到 · 1 人")');
  assert.equal(await officer.page.locator('.scanner__video--on').count(), 0, 'the camera is off once read');
  await officer.context.setOffline(false);
  await officer.page.waitForSelector('.status__sync:has-text("已全部同步")');
  const pulled = await api(server.url, 'POST', `/communities/${committee.community}/pull`, committee.token, { client_id: 'e2e-scan-pull', cookie: 0, limit: 100000 });
  const signed = pulled.body.changes.filter((c) => c.kind === 'sign_in' && c.record.meeting === meeting).map((c) => c.record.unit);
  assert.deepEqual(signed, [unit]);
  assert.deepEqual(officer.errors, []);
  await officer.context.close();
});
