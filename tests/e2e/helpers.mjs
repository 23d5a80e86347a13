// Shared set-up for the browser tests: the built site on a loopback server, Debian's Chromium.
import { chromium } from 'playwright-core';
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
