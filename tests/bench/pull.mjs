// Benchmark (printed, not asserted): a phone signs in to a community whose server holds
// over 10,000 changes (the demo, and 10,000 comments pushed by the committee), and pulls them
// all into IndexedDB. Timed from the sign-in button to the status line saying all is synced,
// three fresh phones, in headless Chromium at phone size.
import { startServer, launch, phone, initDemo, api } from '../e2e/harness.mjs';

const COMMENTS = 10_000;
const demo = initDemo();
const server = await startServer(demo.db);
const browser = await launch();
try {
  const committee = demo.codes.accounts.find((a) => a.role === 'committee');
  const signed = await api(server.url, 'POST', '/session', null, { code: committee.code });
  const { token, community } = { token: signed.body.token, community: signed.body.community.id };
  const first = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'bench-seed', cookie: 0 });
  const proposal = first.body.changes.find((c) => c.kind === 'proposal').record.id;
  let id = 1;
  for (let batch = 0; batch < COMMENTS / 1000; batch++) {
    const mutations = [];
    for (let i = 0; i < 1000; i++, id++) {
      mutations.push({ id, name: 'add_comment', at: Date.now(), args: { id: crypto.randomUUID(), proposal, reply_to: null, body: `压测发言 ${id}：电梯维修资金的使用要公开透明，报价要公示。` } });
    }
    const pushed = await api(server.url, 'POST', `/communities/${community}/push`, token, { client_id: 'bench-seed', mutations });
    if (pushed.status !== 200) throw new Error(JSON.stringify(pushed.body));
  }
  // The server answers in pages; count them all, and the pages a phone (1,000 a page) takes.
  let changes = 0;
  for (let cookie = 0, more = true; more;) {
    const page = await api(server.url, 'POST', `/communities/${community}/pull`, token, { client_id: 'bench-count', cookie });
    changes += page.body.changes.length;
    ({ version: cookie, more } = page.body);
  }
  const samples = [];
  const pagesSeen = [];
  for (let run = 0; run < 3; run++) {
    const { context, page, errors } = await phone(browser);
    let pages = 0;
    page.on('request', (r) => { if (r.url().endsWith('/pull')) pages++; });
    await page.goto(new URL('/signin', server.url).href);
    await page.getByLabel('登录码').fill(committee.code);
    const start = Date.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForSelector('.status__sync:has-text("已全部同步")', { timeout: 300000 });
    samples.push(Date.now() - start);
    pagesSeen.push(pages);
    if (errors.length) throw new Error(errors.join('\n'));
    await context.close();
  }
  samples.sort((a, b) => a - b);
  console.log(`bench pull_into_indexeddb: ${changes} changes, median ${samples[1]} ms (min ${samples[0]}, max ${samples[2]}), sign-in to synced, ${pagesSeen[0]} pull requests (changes summed over the server's pages)`);
} finally {
  await browser.close();
  await server.stop();
}
