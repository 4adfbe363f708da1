// Benchmark (printed, not asserted): with 1,000 matters and a 2,000-comment thread in the
// store, the time from navigation to the hall and to the thread being rendered, in headless
// Chromium at phone size with 4x CPU throttling. Usage: node render.mjs BACKUP.json THREAD_ID
import { startServer, launch, phone } from '../e2e/harness.mjs';

const [backupPath, thread] = process.argv.slice(2);
const server = await startServer();
const browser = await launch();
const { page, errors } = await phone(browser);
try {
  await page.goto(new URL('/me', server.url).href);
  await page.setInputFiles('input[type=file][accept*=json]', backupPath);
  await page.waitForSelector('text=已从备份恢复', { timeout: 120000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  async function time(path, selector) {
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      await page.goto(new URL(path, server.url).href);
      await page.waitForSelector(selector, { timeout: 120000 });
      samples.push(Date.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { median: samples[2], min: samples[0], max: samples[4] };
  }
  const hall = await time('/', '.matters > li:nth-child(30)');
  const cards = await page.locator('.matters > li').count();
  const threadTime = await time(`/m/${thread}`, '.comments > li:nth-child(50)');
  const threads = await page.locator('.comments > li').count();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  console.log(`bench hall_1000_matters_4x_cpu: median ${hall.median} ms (min ${hall.min}, max ${hall.max}), ${cards} cards rendered of 1000`);
  console.log(`bench thread_2000_comments_4x_cpu: median ${threadTime.median} ms (min ${threadTime.min}, max ${threadTime.max}), ${threads} threads rendered, ${nodes} DOM elements`);
  if (errors.length) throw new Error(errors.join('\n'));
} finally {
  await browser.close();
  server.stop();
}
