// Shared set-up for the browser tests: the built site on a loopback server, Debian's Chromium.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';

export const DIST = path.resolve(process.env.DIST_DIR || 'dist');

export async function startSite(prefix = '/', headers = {}) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`no built site in ${DIST}: run trunk build --release`);
  return serve(DIST, { prefix, headers });
}

/** Headless Chromium; `webgpu` adds --enable-unsafe-webgpu (SwiftShader's WebGPU adapter). */
export async function launch({ webgpu }) {
  const args = ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'];
  // (playwright gives every launch a new empty user-data-dir of its own)
  if (webgpu) args.push('--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
}

/** Runs `fn(browser)` with a browser launched with `options`, closed afterwards whatever happens. */
export async function withBrowser(options, fn) {
  const browser = await launch(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Runs `fn(server)` with the server that `started` gives (a `serve` or `startSite`), closed
 *  afterwards whatever happens. */
export async function withServer(started, fn) {
  const server = await started;
  try {
    return await fn(server);
  } finally {
    server.server.close();
  }
}

/** Runs `fn(dir)` with a new temporary folder, removed afterwards whatever happens. */
export async function withTempDir(prefix, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A page that records console errors and the longest main-thread task. */
export async function openPage(browser, url, options = { viewport: { width: 1280, height: 1000 } }) {
  const page = await browser.newPage(options);
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  return { page, logs };
}

// A safetensors file's header (tensors and `__metadata__`).
export function safetensorsHeader(file) {
  const bytes = fs.readFileSync(file);
  return JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString());
}

// How the page describes the shipped weights, from their own metadata.
export function shippedAbout() {
  const m = safetensorsHeader('static/weights/pretrained.safetensors').__metadata__;
  return `${m.test_accuracy}% test accuracy on ${m.test_images} test images; ${m.epochs === '1' ? '1 epoch' : `${m.epochs} epochs`}`;
}

export const text = (page, id) => page.locator(`[data-testid="${id}"]`).textContent();
export const attr = (page, id, name) => page.locator(`[data-testid="${id}"]`).getAttribute(name);

/** Waits until the page is ready; fails at once, with the page's words, if it reports an error. */
export async function waitReady(page, timeout = 120_000) {
  await page.waitForSelector('[data-testid="data-status"]:is([data-state="ready"], [data-state="error"])', { timeout });
  const state = await attr(page, 'data-status', 'data-state');
  if (state !== 'ready') throw new Error(`the page reports an error: ${await text(page, 'error')}`);
}

export async function waitDone(page, timeout) {
  await page.waitForSelector('[data-testid="progress"][data-done="true"]', { timeout });
}

/** The shown test accuracy is a percentage with two decimals, the confusion matrix's own. */
export async function assertAccuracyMatchesMatrix(page) {
  const shown = await text(page, 'test-accuracy');
  if (!/^\d{1,3}\.\d\d$/.test(shown)) throw new Error(`test accuracy "${shown}" is not a percentage`);
  const table = page.locator('[data-testid="confusion-matrix"]');
  const [correct, total] = [Number(await table.getAttribute('data-correct')), Number(await table.getAttribute('data-total'))];
  const expected = (100 * correct / total).toFixed(2);
  if (total < 1 || shown !== expected) throw new Error(`test accuracy ${shown}%, but the matrix says ${correct}/${total} = ${expected}%`);
  return Number(shown);
}

// A download's text: clicks `testid` and reads the file the page saves.
export async function downloadText(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  return fs.readFileSync(await download.path(), 'utf8');
}

// Every batch's loss from a run log's CSV (`download-log`).
export const csvLosses = (csv) => csv.trim().split('\n').slice(1).map((row) => Number(row.split(',')[2]));

// Digits as strokes in a unit square, roughly as people write them.
export const DIGITS = {
  0: [[...Array(25).keys()].map((i) => [0.5 + 0.32 * Math.sin(i * Math.PI / 12), 0.5 - 0.45 * Math.cos(i * Math.PI / 12)])],
  1: [[[0.45, 0.08], [0.55, 0.92]]],
  2: [[[0.2, 0.3], [0.3, 0.12], [0.55, 0.06], [0.75, 0.18], [0.72, 0.4], [0.2, 0.9], [0.85, 0.9]]],
  3: [[[0.2, 0.12], [0.6, 0.06], [0.75, 0.22], [0.45, 0.45], [0.78, 0.62], [0.7, 0.88], [0.2, 0.9]]],
  4: [[[0.6, 0.05], [0.15, 0.62], [0.85, 0.62]], [[0.62, 0.3], [0.62, 0.95]]],
  7: [[[0.15, 0.1], [0.85, 0.1], [0.4, 0.95]]],
};

export async function draw(page, strokes, { x, y, size }) {
  await page.locator('[data-testid="canvas"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid="canvas"]').boundingBox();
  for (const s of strokes) {
    const pts = s.map(([u, v]) => [box.x + x + u * size, box.y + y + v * size]);
    await page.mouse.move(...pts[0]);
    await page.mouse.down();
    for (let i = 1; i < pts.length; i++) await page.mouse.move(...pts[i], { steps: 6 });
    await page.mouse.up();
  }
}

// The reading of the drawing as it is now: waits until no read is in flight and one is shown.
export async function readDigit(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="prediction"]');
    return p?.dataset.busy === 'false' && p.textContent !== '';
  }, null, { timeout: 20_000 });
  return text(page, 'prediction');
}

// Native reference: the same seed, data subset and batch order on the CPU backend.
export function nativeLosses(batches, seed, extra = []) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ref-')), 'losses.json');
  const bin = process.env.TRAIN_BIN || 'target/release/train';
  execFileSync(bin, ['--backend', 'cpu', '--epochs', '1', '--train-images', String(batches * 64),
    '--test-images', '64', '--seed', String(seed), '--losses-json', out, ...extra], { stdio: 'inherit' });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}
