// The OpenAPI document says exactly what the reference server sends: every answer of a real
// server over the demo community, records of every kind and every role's pull included, is
// validated against the schemas of the document it serves, made strict here (a field the
// document does not name fails, though clients must ignore unknown fields).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from '../../tools/node_modules/ajv/dist/2020.js';
import addFormats from '../../tools/node_modules/ajv-formats/dist/index.js';
import { initDemo, startServer, api, session } from './harness.mjs';

let server, demo, validator;
before(async () => {
  demo = initDemo();
  server = await startServer(demo.db);
  const served = await api(server.url, 'GET', '/openapi.json');
  assert.equal(served.status, 200);
  validator = strictValidator(served.body);
});
after(() => server?.stop());

/** Every object schema with named properties refuses others; resolves `#/components/…`. */
function strictValidator(doc) {
  const tighten = (node) => {
    if (Array.isArray(node)) return node.forEach(tighten);
    if (node === null || typeof node !== 'object') return;
    if (node.properties && node.additionalProperties === undefined) node.additionalProperties = false;
    Object.values(node).forEach(tighten);
  };
  const schemas = structuredClone(doc.components.schemas);
  tighten(schemas);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default ? addFormats.default(ajv) : addFormats(ajv);
  ajv.addSchema({ $id: 'api', components: { schemas } });
  return (name, value) => {
    const validate = ajv.getSchema(`api#/components/schemas/${name}`);
    assert.ok(validate, `no schema ${name}`);
    if (!validate(value)) {
      assert.fail(`${name} does not match the document: ${JSON.stringify(validate.errors.slice(0, 3))}\n${JSON.stringify(value).slice(0, 600)}`);
    }
  };
}

const codeOf = (role) => demo.codes.accounts.find((a) => a.role === role).code;

/** Every page of a pull from 0, each validated; resolves to the changes. */
async function pullAll(who, clientId) {
  const changes = [];
  let cookie = 0;
  for (;;) {
    const page = await api(server.url, 'POST', `/communities/${who.community}/pull`, who.token, { client_id: clientId, cookie, limit: 500 });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    validator('PullResponse', page.body);
    changes.push(...page.body.changes);
    if (!page.body.more) return changes;
    cookie = page.body.version;
  }
}

test('every answer of the reference server matches the OpenAPI schemas', async () => {
  const signed = await api(server.url, 'POST', '/session', null, { code: codeOf('committee') });
  validator('SignedIn', signed.body);
  const committee = await session(server.url, codeOf('committee'));
  const whoami = await api(server.url, 'GET', '/session', committee.token);
  assert.equal(whoami.status, 200);
  validator('Account', whoami.body.account);
  validator('Community', whoami.body.community);

  // The committee adds what the demo may lack: a poll with an answer and a delivery.
  const start = await pullAll(committee, 'e2e-openapi-committee');
  const vote = start.filter((c) => c.kind === 'vote').map((c) => c.record).find((v) => !v.sealed && v.closes_at > Date.now());
  const unit = start.find((c) => c.kind === 'unit').record.id;
  const poll = crypto.randomUUID();
  const pushed = await api(server.url, 'POST', `/communities/${committee.community}/push`, committee.token, {
    client_id: 'e2e-openapi-committee',
    mutations: [
      { id: 1, name: 'create_poll', args: { id: poll, proposal: vote.proposal, question: '您支持吗？', kind: { kind: 'yes_no_abstain' } } },
      { id: 2, name: 'answer_poll', args: { poll, picks: [2] } },
      { id: 3, name: 'record_deliveries', args: { vote: vote.id, units: [unit] } },
      { id: 4, name: 'cast_ballot', args: { id: crypto.randomUUID(), vote: vote.id, unit, choice: 'yes', channel: 'online', sheet: null } },
    ],
  });
  assert.equal(pushed.status, 200);
  validator('PushResponse', pushed.body);
  assert.deepEqual(pushed.body.results.map((r) => r.code ?? r.status), ['accepted', 'accepted', 'accepted', 'not_allowed']);

  const seen = new Set();
  for (const [role, clientId] of [['committee', 'e2e-openapi-committee'], ['resident', 'e2e-openapi-resident'], ['officer', 'e2e-openapi-officer']]) {
    const who = await session(server.url, codeOf(role));
    for (const change of await pullAll(who, clientId)) {
      validator('Change', change);
      seen.add(change.kind);
    }
  }
  const owner = await session(server.url, demo.codes.units[0].code);
  for (const change of await pullAll(owner, 'e2e-openapi-owner')) validator('Change', change);
  assert.deepEqual([...seen].sort(), ['ballot', 'card', 'comment', 'delivery', 'meeting', 'poll', 'proposal', 'sheet', 'sign_in', 'unit', 'vote']);

  for (const change of start.filter((c) => c.kind === 'vote')) {
    const tally = await api(server.url, 'GET', `/communities/${committee.community}/votes/${change.record.id}/tally`, committee.token);
    assert.equal(tally.status, 200);
    validator('Tally', tally.body);
  }

  const admin = await session(server.url, demo.codes.admin_code);
  const accounts = await api(server.url, 'GET', `/communities/${admin.community}/accounts`, admin.token);
  for (const account of accounts.body) validator('Account', account);
  const made = await api(server.url, 'POST', `/communities/${admin.community}/accounts`, admin.token, { name: '核对文档', role: 'property' });
  assert.equal(made.status, 201);
  validator('Issued', made.body);
  const revoked = await api(server.url, 'POST', `/communities/${admin.community}/accounts/${made.body.account.id}/revoke`, admin.token, {});
  assert.equal(typeof revoked.body.revoked, 'number');

  // Refusals, of each kind of check.
  const refusals = [
    await api(server.url, 'POST', `/communities/${committee.community}/pull`, null, { client_id: 'x', cookie: 0 }),
    await api(server.url, 'POST', `/communities/${committee.community}/push`, committee.token, { client_id: 'e2e-openapi-committee', mutations: [{ id: 9, name: 'add_comment', args: { id: crypto.randomUUID(), proposal: crypto.randomUUID(), reply_to: null, body: 'x' } }] }),
    await api(server.url, 'GET', `/communities/${committee.community}/votes/${crypto.randomUUID()}/tally`, committee.token),
    await api(server.url, 'PUT', '/session', null, {}),
  ];
  assert.deepEqual(refusals.map((r) => r.status), [401, 409, 404, 405]);
  for (const refusal of refusals) validator('Error', refusal.body);
});
