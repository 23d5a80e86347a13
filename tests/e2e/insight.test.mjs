// End-to-end: after a quick run the confusion matrix and the galleries appear and agree with
// the accuracy shown; every option is settable in the UI and the URL; a seed reproduces a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launch, openPage, text, attr, waitReady, waitDone, withBrowser } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const count = (page, sel) => page.locator(sel).count();

test('after a quick run the confusion matrix and the galleries agree with the accuracy', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, site.url + '?backend=cpu&epochs=1&train_images=192&test_images=200&autostart=1');
    await waitReady(page);
    await waitDone(page, 240_000);
    await page.waitForSelector('[data-testid="confusion-matrix"]', { timeout: 30_000 });
    const cells = await page.$$eval('[data-testid="confusion-matrix"] td[data-count]', (tds) =>
      tds.map((td) => ({ t: Number(td.dataset.true), p: Number(td.dataset.pred), n: Number(td.dataset.count) })));
    assert.equal(cells.length, 100);
    assert.equal(new Set(cells.map((c) => `${c.t},${c.p}`)).size, 100);
    const total = cells.reduce((s, c) => s + c.n, 0);
    const correct = cells.filter((c) => c.t === c.p).reduce((s, c) => s + c.n, 0);
    assert.equal(total, 200);
    assert.equal(Number(await attr(page, 'confusion-matrix', 'data-correct')), correct);
    const shown = Number(await text(page, 'test-accuracy'));
    assert.equal(shown.toFixed(2), (100 * correct / total).toFixed(2), `matrix ${correct}/${total} vs shown ${shown}%`);
    // Per-digit accuracy: each row's diagonal over its sum.
    const perDigit = await page.$$eval('[data-testid="class-accuracy"]', (tds) => tds.map((td) => td.textContent));
    for (let t = 0; t < 10; t++) {
      const row = cells.filter((c) => c.t === t);
      const n = row.reduce((s, c) => s + c.n, 0);
      // One decimal, rounded (half to even in Rust's formatting: 81.25 reads 81.2).
      if (n > 0) assert.ok(/^\d+\.\d%$/.test(perDigit[t]) && Math.abs(parseFloat(perDigit[t]) - 100 * row[t].n / n) <= 0.05 + 1e-9, `digit ${t}: ${perDigit[t]} for ${row[t].n}/${n}`);
    }
    // The gallery holds every mistake (fewer than the cap here), each really wrong.
    const wrong = total - correct;
    assert.equal(Number(await attr(page, 'misclassified-count', 'data-total')), wrong);
    // Long galleries are folded after 48 images (a 3-batch model makes more mistakes than that).
    assert.ok(wrong > 48, `${wrong} mistakes`);
    assert.equal(await count(page, '[data-testid="misclassified"] [data-true]'), 48);
    await page.click('[data-testid="misclassified-more"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="misclassified"] [data-true]').length === n, wrong, { timeout: 10_000 });
    const items = await page.$$eval('[data-testid="misclassified"] [data-true]', (els) => els.map((e) => [Number(e.dataset.true), Number(e.dataset.pred)]));
    assert.equal(items.length, wrong);
    assert.ok(items.every(([t, p]) => t !== p));
        // Clicking a cell filters the gallery to exactly that cell's images.
    const cell = cells.find((c) => c.t !== c.p && c.n > 0);
    await page.click(`[data-testid="confusion-matrix"] td[data-true="${cell.t}"][data-pred="${cell.p}"]`);
    await page.waitForFunction(([t, p, n]) => {
      const els = [...document.querySelectorAll('[data-testid="misclassified"] [data-true]')];
      return els.length === n && els.every((e) => e.dataset.true === String(t) && e.dataset.pred === String(p));
    }, [cell.t, cell.p, cell.n], { timeout: 10_000 });
    // Filtering by true digit only.
    await page.selectOption('[data-testid="filter-pred"]', 'any');
    const rowWrong = cells.filter((c) => c.t === cell.t && c.p !== c.t).reduce((s, c) => s + c.n, 0);
    await page.waitForFunction(([t, n]) => {
      const els = [...document.querySelectorAll('[data-testid="misclassified"] [data-true]')];
      return els.length === n && els.every((e) => e.dataset.true === String(t));
    }, [cell.t, rowWrong], { timeout: 10_000 });
    assert.equal(await count(page, '[data-testid="samples"] [data-true]'), 24);
    assert.equal(await count(page, '[data-testid="misclassified"] canvas'), rowWrong);
    await page.screenshot({ path: 'target/e2e-insight.png', fullPage: true });
  });
});

test('options are set from the URL and the UI, mirrored in the URL, and a deeper model trains', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const q = '?backend=cpu&arch=deeper&augment=1&dropout=0.25&lr_step=1&lr_gamma=0.5&epochs=1&train_images=128&test_images=100';
    const { page, logs } = await openPage(browser, site.url + q);
    await waitReady(page);
    assert.equal(await text(page, 'param-count'), '601,850');
    assert.equal(await page.inputValue('[data-testid="setting-dropout"]'), '0.25');
    assert.equal(await page.isChecked('[data-testid="setting-augment"]'), true);
    assert.equal(await page.inputValue('[data-testid="setting-rotate"]'), '10');
    assert.match(await page.locator('table.model').textContent(), /Dropout\(0\.25\)/);
    // The preview: 4 training images, each with 5 augmented versions.
    await page.waitForSelector('[data-testid="augment-preview"]', { timeout: 30_000 });
    assert.equal(await count(page, '[data-testid="augment-preview"] canvas'), 24);
    const rows = await page.$$eval('[data-testid="augment-preview"] .preview-row', (rs) => rs.map((r) =>
      [...r.querySelectorAll('canvas')].map((c) => c.toDataURL())));
    assert.ok(rows.every((r) => new Set(r).size === r.length), 'augmented copies differ from the original and each other');
    // Train the deeper network for its 2 batches; the canvas then reads with it.
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 240_000);
    const losses = (await attr(page, 'loss', 'data-first-losses')).split(',').map(Number);
    assert.equal(losses.length, 2);
    assert.ok(losses.every(Number.isFinite), `${losses}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    assert.equal(await text(page, 'model-error'), '');
    // Inside the deeper network: its two extra convolutions have maps too.
    const layers = await page.$$eval('[data-testid="layer-maps"] canvas[data-sheet]', (cs) => cs.map((c) => `${c.dataset.sheet}:${c.dataset.channels}`));
    assert.deepEqual(layers, ['conv1:16', 'conv1b:16', 'pool1:16', 'conv2a:32', 'conv2b:32', 'pool2:32', 'conv3:64', 'conv3b:64']);
    assert.equal(await count(page, '[data-testid="layer-maps"] [data-layer]'), 272);
    // UI changes: the tutorial network again, a new seed; the URL follows.
    await page.selectOption('[data-testid="setting-arch"]', 'tutorial');
    assert.equal(await text(page, 'param-count'), '121,514');
    await page.fill('[data-testid="setting-seed"]', '77');
    await page.press('[data-testid="setting-seed"]', 'Tab');
    await page.uncheck('[data-testid="setting-augment"]');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('seed'), '77');
    assert.equal(url.searchParams.get('arch'), null);
    assert.equal(url.searchParams.get('rotate'), null);
    assert.equal(url.searchParams.get('dropout'), '0.25');
    assert.equal(url.searchParams.get('backend'), 'cpu', 'other parameters are kept');
    assert.equal(await count(page, '[data-testid="augment-preview"]'), 0);
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});

test('the same seed and settings give the same loss curve; another seed does not', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const run = async (seed) => {
      const { page } = await openPage(browser, `${site.url}?backend=cpu&epochs=1&train_images=384&test_images=64&augment=1&dropout=0.3&lr_step=1&seed=${seed}&autostart=1`);
      await waitReady(page);
      await waitDone(page, 240_000);
      const losses = await attr(page, 'loss', 'data-first-losses');
      await page.close();
      return losses.split(',');
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    assert.equal(a.length, 6);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });
});
