// End-to-end: runs kept and compared. Two short runs with different settings appear in the runs
// panel with their figures; selected together they draw one series per run in each chart, the
// legend naming the difference; a reload keeps them; rename and delete work. An experiment with a
// reload in the middle finishes both runs and opens their comparison. A `train --log` file
// imports and is drawn beside a run of the page. Run logs claiming what no run has are refused in
// words; records edited in storage to claim it still compare without breaking the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite, openPage, text, attr, waitReady, waitDone, DIGITS, draw, readDigit, withBrowser } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const VIEW = { viewport: { width: 1280, height: 1000 } };
const BASE = '?backend=cpu&workers=1&epochs=1&train_images=640&test_images=128&nosw';
const rows = (page) => page.locator('[data-testid="runs"] tr[data-run]');
const rowCount = (page, n, timeout = 30_000) =>
  page.waitForFunction((n) => document.querySelectorAll('[data-testid="runs"] tr[data-run]').length === n, n, { timeout });
// The runs kept in the page's IndexedDB (what a reload shows), and waiting for their count: a
// delete is written a moment after the row goes.
const storedRuns = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('mnist-web', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const keys = open.result.transaction('models').objectStore('models').getAllKeys();
    keys.onsuccess = () => { resolve(keys.result.filter((k) => String(k).startsWith('run/')).length); open.result.close(); };
    keys.onerror = () => reject(keys.error);
  };
}));
async function storedCount(page, n, timeout = 10_000) {
  const end = Date.now() + timeout;
  while ((await storedRuns(page)) !== n) {
    if (Date.now() > end) throw new Error(`the page's storage still holds ${await storedRuns(page)} runs, not ${n}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const seriesPerChart = (page) => page.$$eval('[data-testid="compare-chart"] svg', (svgs) => svgs.map((s) => s.querySelectorAll('[data-series]').length));

async function trainOnce(page, query) {
  await page.goto(site.url + BASE + query + '&autostart=1');
  await waitDone(page, 180_000);
  return text(page, 'test-accuracy');
}

test('two runs are kept with their figures, compared with a legend naming the difference, kept over a reload; rename and delete work', { timeout: 400_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    const plain = await trainOnce(page, '');
    await rowCount(page, 1);
    const dropped = await trainOnce(page, '&dropout=0.25');
    await rowCount(page, 2);
    const [first, second] = [rows(page).nth(0), rows(page).nth(1)];
    assert.equal(await first.locator('[data-testid="run-final"]').textContent(), plain);
    assert.equal(await second.locator('[data-testid="run-final"]').textContent(), dropped);
    assert.match(await second.locator('[data-testid="run-name"]').inputValue(), /dropout 0\.25/);
    assert.doesNotMatch(await first.locator('[data-testid="run-name"]').inputValue(), /dropout/);

    assert.equal(await page.locator('[data-testid="compare-chart"]').count(), 0, 'nothing to compare yet');
    await first.locator('[data-testid="run-select"]').check();
    await second.locator('[data-testid="run-select"]').check();
    await page.waitForSelector('[data-testid="compare-chart"]');
    assert.deepEqual(await seriesPerChart(page), [2, 2, 2]);
    const legend = await page.locator('[data-testid="compare-chart"] .legend').textContent();
    assert.match(legend, /defaults/);
    assert.match(legend, /dropout 0\.25/);
    await page.locator('[data-testid="runs"]').screenshot({ path: 'target/e2e-runs-compare.png' });

    // A kept run's weights read the canvas.
    await second.locator('[data-testid="run-use"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'loaded', null, { timeout: 30_000 });

    // Kept over a reload; a new name is kept too; a deleted run is gone for good.
    await first.locator('[data-testid="run-name"]').fill('baseline');
    await first.locator('[data-testid="run-name"]').press('Enter');
    await page.waitForTimeout(300);
    await page.reload();
    await waitReady(page);
    await rowCount(page, 2);
    assert.equal(await rows(page).nth(0).locator('[data-testid="run-name"]').inputValue(), 'baseline');
    await rows(page).nth(1).locator('[data-testid="run-delete"]').click();
    await rowCount(page, 1);
    await storedCount(page, 1);
    await page.reload();
    await waitReady(page);
    await rowCount(page, 1);
    assert.equal(await rows(page).nth(0).locator('[data-testid="run-name"]').inputValue(), 'baseline');
    await context.close();
  });
});

test('an experiment with a reload in the middle finishes both runs and opens their comparison', { timeout: 400_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    await page.goto(site.url + '?backend=cpu&workers=1&epochs=1&train_images=1280&test_images=128&checkpoint_s=0.3&nosw');
    await waitReady(page);
    await page.selectOption('[data-testid="experiment-option"]', 'dropout');
    await page.fill('[data-testid="experiment-values"]', '0, 0.3');
    await page.click('[data-testid="experiment-start"]');
    await page.waitForFunction(() => /run 2 of 2/.test(document.querySelector('[data-testid="experiment-status"]')?.textContent), null, { timeout: 180_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch) >= 6, null, { timeout: 60_000 });
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid="compare-chart"]', { timeout: 180_000 });
    assert.deepEqual(await seriesPerChart(page), [2, 2, 2]);
    await rowCount(page, 2);
    const legend = await page.locator('[data-testid="compare-chart"] .legend').textContent();
    assert.match(legend, /defaults/);
    assert.match(legend, /dropout 0\.3/);
    assert.equal((await text(page, 'experiment-status')).trim(), '', 'the experiment is over');
    assert.equal(await attr(page, 'progress', 'data-batch'), '20', 'the run interrupted by the reload went to its end');
    await context.close();
  });
});

test('a log written by train --log imports and is drawn beside a run of the page', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-'));
  const log = path.join(dir, 'native.json');
  execFileSync(process.env.TRAIN_BIN || 'target/release/train', ['--backend', 'cpu', '--epochs', '1', '--train-images', '640',
    '--test-images', '128', '--dropout', '0.25', '--log', log], { stdio: 'inherit' });
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    await trainOnce(page, '');
    await rowCount(page, 1);
    await page.setInputFiles('[data-testid="runs-import"]', log);
    await rowCount(page, 2);
    const imported = rows(page).nth(1);
    assert.match(await imported.locator('[data-testid="run-name"]').inputValue(), /dropout 0\.25.*\(native\.json\)/);
    assert.match(await imported.textContent(), /CPU/);
    const nativeAcc = JSON.parse(fs.readFileSync(log, 'utf8')).epochs.at(-1).test_accuracy;
    const shown = Number(await imported.locator('[data-testid="run-final"]').textContent());
    assert.ok(Math.abs(shown - nativeAcc) < 0.006, `${shown} vs ${nativeAcc}`);
    for (const r of [rows(page).nth(0), imported]) await r.locator('[data-testid="run-select"]').check();
    await page.waitForSelector('[data-testid="compare-chart"]');
    assert.deepEqual(await seriesPerChart(page), [2, 2, 2]);
    // A file that is not a run log is refused in words.
    await page.setInputFiles('[data-testid="runs-import"]', { name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('hello') });
    await page.waitForFunction(() => /notes\.csv: it is neither a JSON run log nor a CSV one/.test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 10_000 });
    await rowCount(page, 2);
    await context.close();
  });
});

// A JSON run log of one epoch of 3 batches, every loss `loss`, its test accuracy `accuracy` (%).
function runLog(name, { accuracy, loss, dropout = 0 }) {
  const settings = { epochs: 1, batch: 64, lr: 0.001, train_images: 192, test_images: 100, seed: 42, dropout,
    augment: { rotate: 0, shift: 0, scale: 0 }, lr_step: 0, lr_gamma: 1, arch: 'Tutorial', workers: 1 };
  const log = { app: 'mnist-web e2e', settings, device: 'CPU', batches_per_epoch: 3,
    batches: [1, 2, 3].map((batch) => ({ epoch: 1, batch, loss })),
    epochs: [{ epoch: 1, test_accuracy: accuracy, test_loss: loss, correct: Math.round(accuracy), total: 100 }] };
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(log)) };
}

test('hostile run logs imported and compared leave the page working', { timeout: 120_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url + BASE, VIEW);
    await waitReady(page);
    const IMPORT = '[data-testid="runs-import"]';
    // 150% is refused, naming the file and the figure; nothing is kept.
    await page.setInputFiles(IMPORT, runLog('claims150.json', { accuracy: 150, loss: 0.5 }));
    await page.waitForFunction(() => /claims150\.json: epoch 1 claims a test accuracy of 150%, outside 0–100/
      .test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 10_000 });
    assert.equal(await rows(page).count(), 0);
    // At the limits (every image right, or none; every loss 0) is possible: both import and compare.
    await page.setInputFiles(IMPORT, runLog('perfect.json', { accuracy: 100, loss: 0 }));
    await rowCount(page, 1);
    await page.setInputFiles(IMPORT, runLog('none.json', { accuracy: 0, loss: 0, dropout: 0.25 }));
    await rowCount(page, 2);
    const tickBoth = async () => { for (const i of [0, 1]) await rows(page).nth(i).locator('[data-testid="run-select"]').check(); };
    const drawn = () => page.$$eval('[data-testid="compare-chart"] [data-series]', (ls) => ls.map((l) => l.getAttribute('points')).join(' '));
    await tickBoth();
    await page.waitForSelector('[data-testid="compare-chart"]');
    assert.deepEqual(await seriesPerChart(page), [2, 2, 2]);
    assert.doesNotMatch(await drawn(), /NaN|inf/i);
    // The case, through storage a user can edit: every ticked run claims over 101% and
    // negative losses. The accuracy axis ran from 149 down to 100 and drawing it panicked.
    await page.evaluate(async () => {
      const h = window.mnistBindings;
      for (const [i, key] of (await h.idbKeys('run/')).entries()) {
        const r = JSON.parse(new TextDecoder().decode(new Uint8Array(await h.idbGet(key))));
        r.evals = r.evals.map((e) => ({ ...e, accuracy: 150 - i, loss: -1 }));
        r.losses = r.losses.map(([x]) => [x, -2]);
        await h.idbPut(key, new TextEncoder().encode(JSON.stringify(r)));
      }
    });
    await page.reload();
    await waitReady(page);
    await rowCount(page, 2);
    await tickBoth();
    await page.waitForSelector('[data-testid="compare-chart"]');
    assert.deepEqual(await seriesPerChart(page), [2, 2, 2]);
    assert.doesNotMatch(await drawn(), /NaN|inf/i);
    // The page still works: no panic, Start can be pressed, the canvas is read.
    assert.deepEqual(logs.filter((l) => /panicked|pageerror|RuntimeError|unreachable/.test(l)), []);
    assert.ok(await page.locator('[data-testid="train-start"]').isEnabled(), 'Start is enabled');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 60_000 });
    await draw(page, DIGITS[1], { x: 50, y: 40, size: 190 });
    assert.match(await readDigit(page), /^[0-9]$/);
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});
