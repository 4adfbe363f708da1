// The optimized build, served by the real server, must start in Chromium and render the
// first screen: an optimizer can produce a module that builds and then fails at start.
import { startServer, launch, phone } from './e2e/harness.mjs';

const server = await startServer();
const browser = await launch();
try {
  const { page, errors } = await phone(browser);
  await page.goto(server.url);
  await page.waitForSelector('form input[name=community]', { timeout: 30000 });
  const name = await page.textContent('.top__name');
  if (!name.includes('百姓议事厅')) throw new Error(`unexpected header: ${name}`);
  if (errors.length) throw new Error(errors.join('\n'));
  console.log(`release build renders in Chromium: ok (${server.url})`);
} catch (error) {
  console.error('release build did not render in Chromium:', error.message);
  process.exitCode = 1;
} finally {
  await browser.close();
  server.stop();
}
