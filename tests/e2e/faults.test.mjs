// End-to-end: what real networks and hosts do to the data. A fault-injecting server plays each
// bad case; the page must say what is wrong in its own words, offer Retry, keep the canvas
// working with the pretrained model, and never panic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { startSite, launch, openPage, text, waitReady } from './harness.mjs';

const NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
// The small test set stands in for both sets (quick downloads; the page accepts any count).
const raw = {};
for (const n of NAMES) raw[n] = zlib.gunzipSync(fs.readFileSync(`static/data/${n.replace('train', 't10k')}.gz`));
const images = raw['t10k-images-idx3-ubyte'];
const labels = raw['t10k-labels-idx1-ubyte'];
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
const gz = (b) => zlib.gzipSync(b, { level: 1 });

// case -> (file name, request count) -> { status, body, cut }
const CASES = {
  // The control: every file served as it is (the fault server itself is sound).
  ok: () => null,
  '404': (name) => name.startsWith('train-images') && { status: 404 },
  '500': (name) => name.startsWith('t10k-labels') && { status: 500 },
  cut: (name) => name === 'train-images-idx3-ubyte.gz' && { body: gz(images), cut: true },
  badgzip: (name) => name === 'train-labels-idx1-ubyte.gz' && { body: gz(labels).subarray(0, 2000) },
  magic: (name) => name === 'train-images-idx3-ubyte.gz' && { body: gz(Buffer.concat([u32(0x0801), images.subarray(4)])) },
  count: (name) => name === 'train-labels-idx1-ubyte.gz' && { body: gz(Buffer.concat([u32(0x0801), u32(9999), labels.subarray(8, 8 + 9999)])) },
  dims: (name) => name === 't10k-images-idx3-ubyte.gz' && { body: gz(Buffer.concat([u32(0x0803), u32(10000), u32(27), u32(29), images.subarray(16, 16 + 10000 * 27 * 29)])) },
  truncated: (name) => name === 't10k-images-idx3-ubyte.gz' && { body: gz(images.subarray(0, images.length - 1000)) },
  // Nothing to learn: no images at all, or every label the same digit.
  empty: (name) => name.startsWith('train-') && name.endsWith('.gz') && {
    body: gz(name.startsWith('train-images') ? Buffer.concat([u32(0x0803), u32(0), u32(28), u32(28)]) : Buffer.concat([u32(0x0801), u32(0)])),
  },
  oneclass: (name) => name === 'train-labels-idx1-ubyte.gz' && { body: gz(Buffer.concat([labels.subarray(0, 8), Buffer.alloc(labels.length - 8, 3)])) },
  // A host that claims a file far larger than any MNIST file: refused before it is read.
  huge: (name) => name === 'train-images-idx3-ubyte.gz' && { body: gz(images), declared: 200 << 20 },
  // Fails the first request of every file, then serves it: retried with back-off, the page loads.
  transient: (name, n) => n === 1 && (name.endsWith('.gz') ? { status: 503 } : null),
  // Broken until the test fixes it: then Retry loads the data.
  flaky: (name) => !state.fixed && name.startsWith('t10k-images') && { status: 404 },
};
const state = { fixed: false, requests: {} };

function faultServer() {
  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const [, kase, name] = new URL(req.url, 'http://x').pathname.split('/');
    const key = `${kase}/${name}`;
    state.requests[key] = (state.requests[key] || 0) + 1;
    const fault = CASES[kase]?.(name, state.requests[key]);
    const base = name.replace(/\.gz$/, '');
    let body = name.endsWith('.gz') && raw[base] ? gz(raw[base]) : null;
    if (fault?.status) { res.writeHead(fault.status).end('fault'); return; }
    if (fault?.body) body = fault.body;
    if (!body) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': fault?.declared ?? body.length });
    if (fault?.declared) { res.write(body.subarray(0, 1000)); setTimeout(() => res.destroy(), 50); return; }
    if (fault?.cut) { res.write(body.subarray(0, body.length >> 1)); setTimeout(() => res.destroy(), 50); return; }
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

let site, faults, browser;
before(async () => { site = await startSite(); faults = await faultServer(); browser = await launch({ webgpu: false }); });
after(async () => { await browser.close(); site.server.close(); faults.server.close(); });

async function open(kase) {
  const { page, logs } = await openPage(browser, `${site.url}?backend=cpu&data=${encodeURIComponent(faults.url + kase + '/')}`);
  await page.waitForSelector('[data-testid="data-status"]:is([data-state="ready"], [data-state="error"])', { timeout: 60_000 });
  return { page, logs };
}

const EXPECT = {
  '404': /train-images-idx3-ubyte.*HTTP 404/,
  '500': /t10k-labels-idx1-ubyte.*HTTP 500/,
  cut: /train-images-idx3-ubyte.*(broke off|stopped after)/,
  badgzip: /train-labels-idx1-ubyte: the file is not valid gzip/,
  magic: /train-images-idx3-ubyte: wrong magic number 0x00000801.*not an MNIST image file/,
  count: /10000 images but 9999 labels/,
  dims: /t10k-images-idx3-ubyte: images are 27×29 pixels, but this network needs 28×28/,
  truncated: /t10k-images-idx3-ubyte: the header promises .* bytes of data but the file holds/,
  empty: /train-images-idx3-ubyte: it holds no images/,
  oneclass: /train-labels-idx1-ubyte: all 10000 labels are 3: one class/,
  huge: /train-images-idx3-ubyte\.gz: the file is larger than 128 MB/,
};

for (const [kase, expected] of Object.entries(EXPECT)) {
  test(`bad data (${kase}): a plain message, Retry, no panic`, { timeout: 90_000 }, async () => {
    const { page, logs } = await open(kase);
    assert.equal(await page.getAttribute('[data-testid="data-status"]', 'data-state'), 'error');
    const message = await text(page, 'error');
    assert.match(message, expected);
    assert.match(await text(page, 'data-status'), /Could not get ready/);
    assert.equal(await page.isVisible('[data-testid="retry"]'), true);
    assert.equal(await page.isDisabled('[data-testid="train-start"]'), true);
    assert.deepEqual(logs.filter((l) => /panicked|RuntimeError|unreachable/.test(l)), []);
    console.log(`# ${kase}: ${message}`);
    await page.close();
  });
}

test('the fault server without a fault: the data loads, one request per file', { timeout: 90_000 }, async () => {
  const { page } = await open('ok');
  assert.equal(await page.getAttribute('[data-testid="data-status"]', 'data-state'), 'ready', await text(page, 'error'));
  assert.match(await text(page, 'data-status'), /10,000 training and 10,000 test images/);
  for (const n of NAMES) assert.equal(state.requests[`ok/${n}.gz`], 1, n);
  await page.close();
});

test('transient failures are retried with back-off and the data loads', { timeout: 90_000 }, async () => {
  const { page } = await open('transient');
  assert.equal(await page.getAttribute('[data-testid="data-status"]', 'data-state'), 'ready', await text(page, 'error'));
  assert.match(await text(page, 'data-status'), /10,000 training and 10,000 test images/);
  for (const n of NAMES) assert.equal(state.requests[`transient/${n}.gz`], 2, n);
  await page.close();
});

test('Retry loads the data once the host is fixed; the canvas works throughout', { timeout: 90_000 }, async () => {
  const { page } = await open('flaky');
  assert.equal(await page.getAttribute('[data-testid="data-status"]', 'data-state'), 'error');
  // The pretrained model still reads a drawn 1.
  await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 30_000 });
  const box = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.mouse.move(box.x + 140, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 145, box.y + 240, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.textContent === '1', null, { timeout: 20_000 });
  state.fixed = true;
  await page.click('[data-testid="retry"]');
  await waitReady(page, 60_000);
  assert.equal(await text(page, 'error'), '');
  await page.close();
});
