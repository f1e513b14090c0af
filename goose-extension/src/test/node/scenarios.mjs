// Drives `lakebook mcp` with the official MCP TypeScript SDK client over stdio, the way Goose starts an extension,
// through one user scenario. Usage: node scenarios.mjs SCENARIO PROJECT_DIR COMMAND [ARGS...]
// Prints one line per checked step; exits 1 with the reason when a check fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [scenario, project, command, ...args] = process.argv.slice(2);
const client = new Client({ name: 'lakebook-scenarios', version: '1.0.0' });
const transport = new StdioClientTransport({ command, args, cwd: project, env: process.env, stderr: 'inherit' });
let callNumber = 0;

function step(name) {
  console.log('ok ' + name);
}

/** Calls a tool as Goose does, with its _meta keys; returns the text, the error flag and the raw result. */
async function call(name, toolArgs = {}, options = {}) {
  const meta = { 'agent-working-dir': project, 'agent-session-id': 'scenario', 'agent-tool-call-request-id': `c${++callNumber}` };
  const result = await client.callTool({ name, arguments: toolArgs, _meta: meta }, undefined,
    { timeout: 120_000, ...options });
  const text = result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
  return { text, isError: result.isError === true, result };
}

function versionOf(text) {
  const match = text.match(/version ([0-9a-f]{16})/);
  assert.ok(match, 'no version in: ' + text.slice(0, 300));
  return match[1];
}

const scenarios = {
  /** Edit a notebook, run it, fix the failing cell and run again; the outputs land in the file. */
  async editRunFix() {
    let r = await call('notebook_create', { path: 'orders.ipynb', cells: [
      { cell_type: 'markdown', source: '# Orders by day' },
      { cell_type: 'code', source: "orders = [{'day': 'mon', 'revenue': 10}, {'day': 'tue', 'revenue': 32}]" },
      { cell_type: 'code', source: "total = sum(o['revenu'] for o in orders)\nprint('total', total)" },
      { cell_type: 'code', source: "print('done')" },
    ] });
    assert.equal(r.isError, false, r.text);
    step('created');
    r = await call('notebook_read', { path: 'orders.ipynb' });
    const ids = [...r.text.matchAll(/\[(\d+)\] id=(\S+)/g)].map(m => m[2]);
    assert.equal(ids.length, 4, r.text);
    let version = versionOf(r.text);
    step('read');

    r = await call('notebook_run', { path: 'orders.ipynb', wait_seconds: 60 });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /stopped at an error/);
    assert.match(r.text, new RegExp(`Cell '${ids[2]}' failed`));
    assert.match(r.text, /KeyError: 'revenu'/);
    assert.doesNotMatch(r.text, /\u001b\[/, 'ANSI codes must be stripped');
    assert.doesNotMatch(r.text, /cell '.+' \(index 3\)/, 'the cell after the failure must not run');
    step('run stops at the failing cell');

    r = await call('notebook_read', { path: 'orders.ipynb' });
    version = versionOf(r.text);
    r = await call('cell_edit', { path: 'orders.ipynb', expected_version: version, cell_id: ids[2],
      old_text: "o['revenu']", new_text: "o['revenue']" });
    assert.equal(r.isError, false, r.text);
    step('fixed');

    r = await call('notebook_run', { path: 'orders.ipynb', from_cell_id: ids[2], wait_seconds: 60 });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /finished/);
    assert.match(r.text, /total 42/);
    assert.match(r.text, /done/);
    step('re-run finishes using the earlier cell\'s variables');

    r = await call('cell_read', { path: 'orders.ipynb', cell_id: ids[2] });
    assert.match(r.text, /total 42/);
    assert.match(r.text, /execution count \d+/);
    step('outputs saved');
  },

  /** A write with a stale version is refused and changes nothing. */
  async staleVersion() {
    await call('notebook_create', { path: 'stale.ipynb', cells: [{ source: 'x = 1' }] });
    const r = await call('notebook_read', { path: 'stale.ipynb' });
    const version = versionOf(r.text);
    const file = path.join(project, 'stale.ipynb');
    const edited = fs.readFileSync(file, 'utf8').replace('x = 1', 'x = 2  # saved by JupyterLab');
    fs.writeFileSync(file, edited);
    const refused = await call('cell_insert', { path: 'stale.ipynb', expected_version: version, source: 'y = 3' });
    assert.equal(refused.isError, true, refused.text);
    assert.match(refused.text, /Nothing was written/);
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
    step('stale write refused, file untouched');
  },

  /** Paths outside the project are refused. */
  async escape() {
    for (const bad of ['../outside.ipynb', '/etc/hostname', 'link/evil.ipynb']) {
      const r = await call('notebook_create', { path: bad, cells: [{ source: 'x' }] });
      assert.equal(r.isError, true, bad + ': ' + r.text);
      assert.match(r.text, /outside the project/);
    }
    const read = await call('notebook_read', { path: '../outside.ipynb' });
    assert.equal(read.isError, true);
    step('escaping paths refused');
  },

  /** A long cell returns a handle within seconds, is polled and cancelled; the context lives on. */
  async longRun() {
    let r = await call('code_run', { code: "kept = 'still here'" });
    assert.equal(r.isError, false, r.text);
    const started = Date.now();
    r = await call('code_run', { code: 'import time\nfor i in range(600):\n    time.sleep(0.1)', wait_seconds: 2 });
    assert.ok(Date.now() - started < 10_000, 'the call must answer within seconds');
    const handle = r.text.match(/Run (run-[0-9a-f]+)/)[1];
    assert.match(r.text, /still running/);
    step('handle returned');
    r = await call('run_poll', { handle, wait_seconds: 1 });
    assert.match(r.text, /still running/);
    step('polled');
    r = await call('run_cancel', { handle });
    assert.match(r.text, /was cancelled/, r.text);
    step('cancelled');
    r = await call('code_run', { code: 'kept' });
    assert.match(r.text, /still here/, r.text);
    step('context kept its variables');

    // Goose cancels a call it gave up on with notifications/cancelled; the cell on the cluster must stop too.
    const abort = new AbortController();
    const pending = call('code_run', { code: 'import time\ntime.sleep(60)', wait_seconds: 60 }, { signal: abort.signal });
    await new Promise(resolve => setTimeout(resolve, 2_000));
    abort.abort('timed out');
    await assert.rejects(pending);
    const after = Date.now();
    r = await call('code_run', { code: "'free again'", wait_seconds: 30 });
    assert.match(r.text, /free again/, r.text);
    assert.ok(Date.now() - after < 15_000, 'the cancelled command must not hold the context');
    step('notifications/cancelled stops the remote command');
  },

  /** A 10 MB output comes back capped, with a marker that says how to read on. */
  async bigOutput() {
    await call('notebook_create', { path: 'big.ipynb', cells: [{ source: "print('x' * 10_000_000)\nprint('END')" }] });
    let r = await call('notebook_run', { path: 'big.ipynb', wait_seconds: 90 });
    assert.equal(r.isError, false, r.text.slice(0, 500));
    assert.ok(r.text.length < 60_000, 'result is ' + r.text.length + ' characters');
    assert.match(r.text, /characters omitted here/);
    assert.match(r.text, /END/, 'the tail is kept');
    const offset = Number(r.text.match(/offset=(\d+)\)/)[1]);
    step('capped with marker, ' + r.text.length + ' characters');
    const id = r.text.match(/cell_id="([^"]+)"/)[1];
    r = await call('cell_read', { path: 'big.ipynb', cell_id: id, offset });
    assert.ok(r.text.length < 60_000);
    assert.match(r.text, /xxxxxxxxxx/);
    assert.match(r.text, /more characters. Read on with/);
    step('the rest is readable from the offset');
  },

  /** Concurrent writes never corrupt the notebook: each either lands or is refused cleanly, and retries land. */
  async concurrent() {
    await call('notebook_create', { path: 'busy.ipynb', cells: [{ source: 'base = 0' }] });
    const writers = Array.from({ length: 12 }, (_, i) => (async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const read = await call('notebook_read', { path: 'busy.ipynb', limit: 200 });
        const r = await call('cell_insert', { path: 'busy.ipynb', expected_version: versionOf(read.text),
          source: `value_${i} = ${i}` });
        if (!r.isError) return attempt;
        assert.match(r.text, /Nothing was written/);
      }
      throw new Error('writer ' + i + ' never got through');
    })());
    const run = call('notebook_run', { path: 'busy.ipynb', cell_id: undefined, index: 0, wait_seconds: 60 });
    await Promise.all([...writers, run]);
    const r = await call('notebook_read', { path: 'busy.ipynb', limit: 200 });
    for (let i = 0; i < 12; i++) assert.match(r.text, new RegExp(`value_${i} = ${i}`));
    step('12 concurrent writers and a run all landed');
  },

  /** DROP TABLE in read-only mode is refused and the table stays; a write with allow_writes runs. */
  async sqlReadOnly() {
    let r = await call('sql_run', { query: '/* tidy up */ DROP TABLE main.default.orders_copy' });
    assert.equal(r.isError, true, r.text);
    assert.match(r.text, /Refused: DROP TABLE \(line 1\)/);
    assert.match(r.text, /allow_writes: true/);
    r = await call('sql_run', { query: "SELECT 'DROP TABLE x' AS text; DELETE FROM main.default.orders_copy" });
    assert.equal(r.isError, true, r.text);
    assert.match(r.text, /Refused: DELETE FROM \(line 1\)/);
    r = await call('sql_run', { query: 'SELECT count(*) AS n FROM main.default.orders_copy' });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /succeeded: 1 row/);
    assert.match(r.text, /\n3$/m);
    step('DROP refused, the table still has its rows');
    r = await call('sql_run', { query: 'INSERT INTO main.default.orders_copy VALUES (4, 40.0)', allow_writes: true });
    assert.equal(r.isError, false, r.text);
    r = await call('sql_run', { query: 'SELECT id, amount FROM main.default.orders_copy ORDER BY id', max_rows: 2 });
    assert.match(r.text, /succeeded: 2 rows; more rows exist, the first 2 rows are shown/);
    assert.match(r.text, /id:INT/);
    step('a write with allow_writes ran');
    r = await call('sql_run', { query: 'SELECT * FROM main.default.no_such_table' });
    assert.equal(r.isError, true);
    assert.match(r.text, /failed on the warehouse: .*no_such_table/s);
    step('a failing query says why');
  },

  /** A slow query returns a handle within seconds, is polled and cancelled. */
  async sqlSlow() {
    const started = Date.now();
    let r = await call('sql_run', { query: 'SELECT lakebook_sleep(120) AS slept', wait_seconds: 1 });
    assert.ok(Date.now() - started < 15_000, 'sql_run must answer within seconds');
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /is still running/);
    const handle = r.text.match(/sql_poll\(handle="([^"]+)"\)/)[1];
    step('handle returned');
    r = await call('sql_poll', { handle, wait_seconds: 1 });
    assert.match(r.text, /is still running/, r.text);
    step('polled');
    r = await call('sql_cancel', { handle });
    assert.match(r.text, new RegExp(`Statement ${handle} was cancelled`), r.text);
    r = await call('sql_poll', { handle, wait_seconds: 0 });
    assert.match(r.text, /was cancelled/, r.text);
    step('cancelled');
    // Goose gives up on a call with notifications/cancelled; the statement on the warehouse must stop too.
    const abort = new AbortController();
    let id;
    const pending = call('sql_run', { query: 'SELECT lakebook_sleep(120) AS slept', wait_seconds: 60 }, {
      signal: abort.signal,
      onprogress: update => {
        id = id || (update.message.match(/Statement (\S+) is/) || [])[1];
        if (id) abort.abort('timed out');
      },
    });
    await assert.rejects(pending);
    assert.ok(id, 'the progress notification names the statement');
    r = await call('sql_poll', { handle: id, wait_seconds: 30 });
    assert.match(r.text, /was cancelled/, r.text);
    step('notifications/cancelled cancels the statement on the warehouse');
    r = await call('sql_poll', { handle: '../../clusters/list' });
    assert.equal(r.isError, true);
    assert.match(r.text, /is not a statement handle/);
    step('a bad handle is refused');
  },

  /** Catalogs, schemas and tables page by page; a table described and sampled. */
  async catalog() {
    let r = await call('catalog_list', { limit: 2 });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /- main/);
    assert.match(r.text, /- samples/);
    const token = r.text.match(/page_token="([^"]+)"/)[1];
    r = await call('catalog_list', { limit: 2, page_token: token });
    assert.match(r.text, /- system/);
    assert.doesNotMatch(r.text, /- main/);
    assert.doesNotMatch(r.text, /page_token=/);
    step('catalogs in two pages');
    r = await call('catalog_list', { catalog: 'samples' });
    assert.match(r.text, /- nyctaxi/);
    r = await call('catalog_list', { catalog: 'samples', schema: 'tpch' });
    assert.match(r.text, /- orders \[MANAGED\]/);
    step('schemas and tables');
    r = await call('table_describe', { table: 'samples.nyctaxi.trips' });
    assert.match(r.text, /Taxi trips in New York City/);
    assert.match(r.text, /- fare_amount double/i);
    r = await call('table_describe', { table: 'samples.nyctaxi.nope' });
    assert.equal(r.isError, true);
    assert.match(r.text, /samples\.nyctaxi\.nope/);
    step('described');
    r = await call('table_sample', { table: 'samples.tpch.orders', rows: 3 });
    assert.match(r.text, /succeeded: 3 rows/);
    assert.match(r.text, /o_orderkey/);
    r = await call('table_sample', { table: 'samples.tpch.orders; DROP TABLE x' });
    assert.equal(r.isError, true);
    step('sampled');
  },

  /** A matplotlib figure comes back as MCP image content, downscaled for the model. */
  async image() {
    const r = await call('code_run', { code: 'import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(20, 15), '
      + 'dpi=100)\nax.plot([1, 2, 3], [3, 1, 2])\ndisplay(fig)', wait_seconds: 90 });
    assert.equal(r.isError, false, r.text);
    const images = r.result.content.filter(c => c.type === 'image');
    assert.equal(images.length, 1, JSON.stringify(r.result.content).slice(0, 300));
    assert.equal(images[0].mimeType, 'image/png');
    const png = Buffer.from(images[0].data, 'base64');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
    assert.equal(Math.max(width, height), 768, `${width}x${height}`);
    assert.ok(Math.abs(width / height - 4 / 3) < 0.02, `aspect kept: ${width}x${height}`);
    step('image ' + width + 'x' + height);
  },

  /** cluster_status and cluster_start: a TERMINATED cluster is started. */
  async cluster() {
    let r = await call('cluster_status');
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /is TERMINATED/);
    assert.match(r.text, /cluster_start starts it/);
    r = await call('cluster_start');
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /is (PENDING|RUNNING)/);
    step('started');
    const deadline = Date.now() + 60_000;
    do {
      r = await call('cluster_status');
    } while (!/is RUNNING/.test(r.text) && Date.now() < deadline);
    assert.match(r.text, /is RUNNING.*It runs code now/);
    r = await call('cluster_start');
    assert.match(r.text, /It already runs/);
    step('running');
  },

  /** A long run sends progress notifications while the call waits. */
  async progress() {
    const updates = [];
    const r = await call('code_run', { code: 'import time\nfor i in range(4):\n    print(i, flush=True)\n    time.sleep(1)',
      wait_seconds: 60 }, { onprogress: update => updates.push(update) });
    assert.equal(r.isError, false, r.text);
    assert.ok(updates.length >= 2, 'progress notifications: ' + JSON.stringify(updates));
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i].progress > updates[i - 1].progress);
    assert.ok(updates.every(u => typeof u.message === 'string' && u.message.length > 0));
    step(updates.length + ' progress notifications');
  },

  /** A Databricks source notebook is read, edited and run; it stays a source notebook. */
  async sourceNotebook() {
    let r = await call('notebook_read', { path: 'etl.py' });
    assert.equal(r.isError, false, r.text);
    const ids = [...r.text.matchAll(/\[(\d+)\] id=(\S+)/g)].map(m => m[2]);
    assert.equal(ids.length, 3, r.text);
    r = await call('cell_edit', { path: 'etl.py', expected_version: versionOf(r.text), cell_id: ids[1],
      old_text: 'rate = 0.1', new_text: 'rate = 0.25' });
    assert.equal(r.isError, false, r.text);
    step('edited');
    r = await call('notebook_run', { path: 'etl.py', wait_seconds: 60 });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /finished/);
    assert.match(r.text, /total with tax 125\.0/);
    step('ran');
  },
};

try {
  await client.connect(transport);
  step('connected to ' + client.getServerVersion().name);
  const { tools } = await client.listTools();
  assert.ok(tools.length >= 22);
  await scenarios[scenario]();
  await client.close();
  process.exit(0);
} catch (e) {
  console.log('FAILED ' + (e && e.stack || e));
  await client.close().catch(() => {});
  process.exit(1);
}
