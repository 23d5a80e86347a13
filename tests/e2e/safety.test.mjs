// End-to-end: what could lose a run or break the page. Two tabs (one run per browser: the second
// is told, still reads digits, and trains once the first stops); a new release published while a
// tab trains (offered, then run after a reload; the run's checkpoint continues unless its format
// changed; old copies deleted); storage that is full (the run goes on, said once); the smallest
// WebGPU device (default limits, no optional features) trains as the CPU does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite, launch, openPage, text, attr, waitReady, waitDone, DIST, DIGITS, draw, readDigit, nativeLosses, withBrowser, withServer } from './harness.mjs';
import { serve } from './server.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const VIEW = { viewport: { width: 1280, height: 1000 } };
const batchOf = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch || 0));
const atBatch = (page, n, timeout = 120_000) =>
  page.waitForFunction((n) => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch) >= n, n, { timeout });
const errorText = async (page) => (await text(page, 'error')) || '';

test('two tabs: the second is told a run trains in the first, still reads digits, and trains once it stops', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const run = `${site.url}?backend=cpu&workers=1&epochs=3&train_images=6400&test_images=128&nosw`;
    const a = await context.newPage();
    await a.goto(run + '&autostart=1');
    await atBatch(a, 1);
    const b = await context.newPage();
    await b.goto(run);
    await waitReady(b);
    // Told at once; the other tab's checkpoint is not offered as a run to continue.
    await b.waitForFunction(() => /training in another tab/.test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 30_000 });
    assert.equal(await b.locator('[data-testid="resume"]').count(), 0);
    await b.click('[data-testid="train-start"]');
    await b.waitForTimeout(4000); // the lock is waited for 2.5 s
    assert.equal(await batchOf(b), 0, 'nothing trains in the second tab');
    assert.ok(await b.locator('[data-testid="train-stop"]').isDisabled());
    assert.equal((await errorText(b)).match(/another tab/g).length, 1, 'said once');
    // Drawing and reading work meanwhile.
    await b.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 60_000 });
    await draw(b, DIGITS[1], { x: 50, y: 40, size: 190 });
    assert.equal(await readDigit(b), '1');
    assert.ok((await batchOf(a)) >= 1, 'the first tab trains on');
    // The first tab stops: the second trains, and the notice is gone.
    await a.click('[data-testid="train-stop"]');
    await waitDone(a, 60_000);
    await b.click('[data-testid="train-start"]');
    await atBatch(b, 1);
    assert.doesNotMatch(await errorText(b), /another tab/);
    await context.close();
  });
});

// Polls `fn` in the page until it returns a truthy value, across reloads and navigations.
async function until(page, fn, arg, timeout = 60_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      const v = await page.evaluate(fn, arg);
      if (v) return v;
    } catch { /* the page is navigating */ }
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// A copy of the built site named `build` (a <meta name="build"> and a changed style.css), its
// service worker stamped for it.
function release(root, build) {
  const dir = path.join(root, build);
  fs.cpSync(DIST, dir, { recursive: true });
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', `<head>\n  <meta name="build" content="${build}" />`));
  fs.appendFileSync(path.join(dir, 'style.css'), `\n/* build ${build} */\n`);
  const stamp = execFileSync('node', ['scripts/stamp-build.mjs', dir]).toString().trim().replace('build ', '');
  return stamp;
}

const buildOf = (page) => until(page, () => document.querySelector('meta[name="build"]')?.content);

test('a new release: offered while a run trains, run after a reload, the checkpoint continued unless its format changed, old copies deleted', { timeout: 400_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'releases-'));
  const stamps = Object.fromEntries(['A', 'B', 'C'].map((b) => [b, release(root, b)]));
  const current = path.join(root, 'current');
  const publish = (b) => { fs.rmSync(current, { force: true }); fs.symlinkSync(path.join(root, b), current); };
  publish('A');
  await withServer(serve(current), (host) => withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    const run = `${host.url}?backend=cpu&workers=1&epochs=2&train_images=3200&test_images=128&seed=5&checkpoint_s=0.5`;
    await page.goto(run);
    await waitReady(page);
    assert.equal(await buildOf(page), 'A');
    await until(page, () => navigator.serviceWorker.controller !== null);
    assert.ok((await page.evaluate(() => caches.keys())).includes(`mnist-web-${stamps.A}`));
    await page.click('[data-testid="train-start"]');
    await atBatch(page, 6);

    // B is published while the run trains: offered, not forced.
    publish('B');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForSelector('[data-testid="update-ready"]', { timeout: 60_000 });
    assert.match(await text(page, 'update-ready'), /A new version of this page is ready\. The run can be continued from its last checkpoint/);
    assert.equal(await buildOf(page), 'A', 'the tab keeps its build until the user reloads');
    await page.click('[data-testid="update-reload"]');
    await until(page, () => document.querySelector('meta[name="build"]')?.content === 'B');
    await waitReady(page);
    // A's checkpoint, same format: continued by B.
    await page.waitForSelector('[data-testid="resume"]', { timeout: 30_000 });
    const from = Number(await attr(page, 'resume', 'data-batch'));
    assert.ok(from >= 5, `A's run stopped after batch ${from}`);
    await page.click('[data-testid="resume"]');
    await atBatch(page, from + 3);
    await page.click('[data-testid="train-pause"]');
    await page.waitForSelector('[data-testid="train-pause"]:has-text("Resume")');
    await page.waitForTimeout(1500);

    // C is published; the tab is reloaded while no run trains in it: C runs on this load.
    publish('C');
    await page.reload();
    await until(page, () => document.querySelector('meta[name="build"]')?.content === 'C');
    await waitReady(page);
    await page.waitForSelector('[data-testid="resume"]', { timeout: 30_000 });
    const keys = await page.evaluate(() => caches.keys());
    assert.ok(keys.includes(`mnist-web-${stamps.C}`), keys.join());
    assert.deepEqual(keys.filter((k) => k.startsWith('mnist-web-') && k !== `mnist-web-${stamps.C}`), [], 'old builds deleted');

    // A release whose checkpoint format changed: its run is refused in words, not continued.
    await page.evaluate(async () => {
      const bytes = new Uint8Array(await window.mnistBindings.idbGet('checkpoint'));
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
      const changed = header.replace('\\"format\\":1', '\\"format\\":9');
      if (changed === header) throw new Error('no format in the checkpoint header');
      bytes.set(new TextEncoder().encode(changed), 8);
      await window.mnistBindings.idbPut('checkpoint', bytes);
    });
    await page.reload();
    await waitReady(page);
    await page.waitForFunction(() => /checkpoint format 9/.test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 30_000 });
    assert.match(await errorText(page), /cannot be continued here; start a new run/);
    assert.equal(await page.locator('[data-testid="resume"]').count(), 0);
    await context.close();
  }));
});

test('storage full: checkpoints, the kept model and the offline copy are refused, said once, and the run goes on', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    // The browser's own quota for this origin, set to 64 kB: a checkpoint (1.5 MB), a model
    // (0.5 MB) and the offline copy (MBs) do not fit.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(site.url).origin, quotaSize: 64 * 1024 });
    await page.goto(`${site.url}?backend=cpu&workers=1&epochs=2&train_images=640&test_images=128&checkpoint_s=0.2&autostart=1`);
    await waitDone(page, 240_000);
    assert.equal(await attr(page, 'progress', 'data-batch'), '20', 'the run went to its end');
    const said = await errorText(page);
    assert.match(said, /refused to store this run's checkpoint \(QuotaExceededError/);
    assert.equal(said.match(/refused to store this run's checkpoint/g).length, 1, 'said once');
    await page.waitForFunction(() => /refused to keep the trained model/.test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    await page.waitForFunction(() => /refused to store it/.test(document.querySelector('[data-testid="cache-status"]')?.textContent), null, { timeout: 60_000 });
    console.log(`# ${said}\n# ${await text(page, 'cache-status')}`);
    await context.close();
  });
});

test('the smallest WebGPU device (default limits, no optional features) trains as the CPU does', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: true }, async (browser) => {
    const batches = 3, seed = 3;
    const { page, logs } = await openPage(browser, `${site.url}?backend=webgpu&gpu=minimal&epochs=1&train_images=${batches * 64}&test_images=64&seed=${seed}&autostart=1&nosw&test_hooks=1`);
    await waitReady(page);
    assert.equal(await text(page, 'backend'), 'WebGPU', logs.join('\n'));
    assert.match(await page.locator('.adapter').textContent(), /smallest WebGPU device: default limits, no optional features but timestamp-query/);
    await waitDone(page, 240_000);
    // The device the training worker got is WebGPU's default one.
    let device = null;
    for (const w of page.workers()) {
      device ||= await w.evaluate(() => self.__mnistGpuDevice && {
        storage: self.__mnistGpuDevice.limits.maxComputeWorkgroupStorageSize,
        invocations: self.__mnistGpuDevice.limits.maxComputeInvocationsPerWorkgroup,
        binding: self.__mnistGpuDevice.limits.maxStorageBufferBindingSize,
        features: [...self.__mnistGpuDevice.features],
      }).catch(() => null);
    }
    assert.deepEqual({ ...device, features: [] }, { storage: 16384, invocations: 256, binding: 134217728, features: [] });
    // (`core-features-and-limits` is not optional: it marks every device that is not in
    // compatibility mode.)
    const optional = device.features.filter((f) => !['timestamp-query', 'core-features-and-limits'].includes(f));
    assert.deepEqual(optional, [], 'no optional feature but the one burn needs');
    const losses = (await attr(page, 'loss', 'data-first-losses')).split(',').map(Number);
    const ref = nativeLosses(batches, seed);
    assert.equal(losses.length, batches);
    losses.forEach((l, i) => assert.ok(Math.abs(l - ref[i]) < 1e-3, `batch ${i}: smallest device ${l} vs CPU ${ref[i]}`));
    console.log(`# smallest WebGPU device: losses ${losses.map((l) => l.toFixed(4)).join(' ')} (CPU ${ref.map((l) => l.toFixed(4)).join(' ')})`);
    assert.deepEqual(logs.filter((l) => /validation|device_poison|panicked/i.test(l)), []);
  });
});
