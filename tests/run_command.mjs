// The README's run command in a fresh clone (scripts/check-run.sh): runs `bash scripts/run.sh`
// there on a free port until it prints the URL, opens that URL in Chromium, signs in with an
// owner's code that the command printed, and stops the command with everything it started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { launch, phone, signIn } from './e2e/harness.mjs';

const clone = process.argv[2];
assert.ok(clone, 'usage: node tests/run_command.mjs CLONE');

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

// Its own process group, so that stopping it stops the server it execs too.
const run = spawn('bash', ['scripts/run.sh'], {
  cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: String(port) },
});
let printed = '';
const stop = () => { try { process.kill(-run.pid, 'SIGTERM'); } catch { /* already gone */ } };
process.on('exit', stop);
const url = await new Promise((resolve, reject) => {
  const wanted = new RegExp(`http://127\\.0\\.0\\.1:${port}/?`);
  const seen = (chunk) => {
    process.stderr.write(chunk);
    printed += chunk;
    const found = printed.match(wanted);
    if (found) resolve(found[0]);
  };
  run.stdout.on('data', seen);
  run.stderr.on('data', seen);
  run.on('exit', (code) => reject(new Error(`the run command exited ${code} before printing its URL`)));
});
console.log(`\nthe run command printed ${url}`);

// An owner's code as the command printed it ("业主 牟军（1-1-101）登录码：AWYD-EJ30").
const owner = printed.match(/业主 \S+（([^）]+)）登录码：([0-9A-Z]{4}-[0-9A-Z]{4})/);
assert.ok(owner, `no owner's code among what the command printed:\n${printed}`);
const browser = await launch();
try {
  const { page, errors } = await phone(browser);
  await signIn(page, url, owner[2]);
  await page.goto(url);
  await page.waitForSelector('text=电梯', { timeout: 30000 });
  await page.click('nav.bottom >> text=我的');
  await page.waitForSelector(`text=${owner[1]}`);
  assert.deepEqual(errors, []);
  console.log(`signed in as the owner of ${owner[1]} and saw the hall`);
} finally {
  await browser.close();
  stop();
}
