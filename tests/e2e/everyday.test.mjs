// End-to-end: everyday use. A run reloaded in the middle resumes and ends with exactly the losses
// of one never interrupted (CPU backend); the run's log downloads and matches what the page
// showed; a first visit downloads each data file once, offline copy included; the page can be
// installed as an app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startSite, launch, openPage, attr, waitReady, waitDone, downloadText, csvLosses, withBrowser, withServer } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

// Two epochs of 20 batches with augmentation and dropout (their random state is part of a
// checkpoint), a checkpoint every half second besides the one after each epoch.
const RUN = '?backend=cpu&epochs=2&train_images=1280&test_images=128&augment=1&dropout=0.2&seed=7&checkpoint_s=0.5';



test('a run reloaded in the middle of epoch 2 resumes and ends with the losses of one never interrupted', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    // The uninterrupted run.
    const { page: a } = await openPage(browser, site.url + RUN + '&autostart=1');
    await waitDone(a, 240_000);
    const whole = csvLosses(await downloadText(a, 'download-log'));
    assert.equal(whole.length, 40);
    await a.close();

    // The same run in a new profile, interrupted by a reload in the middle of epoch 2.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const b = await context.newPage();
    await b.goto(site.url + RUN + '&autostart=1');
    await b.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch) >= 26, null, { timeout: 120_000 });
    await b.click('[data-testid="train-pause"]'); // the user leaves; the tab is closed or reloaded
    await b.waitForSelector('[data-testid="train-pause"]:has-text("Resume")');
    await b.goto(site.url + RUN); // reopened (without autostart)
    await waitReady(b);
    await b.waitForSelector('[data-testid="resume"]', { timeout: 30_000 });
    const [epoch, batch] = [Number(await attr(b, 'resume', 'data-epoch')), Number(await attr(b, 'resume', 'data-batch'))];
    assert.equal(epoch, 2, 'the offer names the epoch it stopped in');
    assert.ok(batch >= 3 && batch < 20, `stopped after batch ${batch} of epoch 2`);
    assert.match(await b.locator('[data-testid="resume"]').textContent(), new RegExp(`Resume the run \\(epoch 2 of 2, batch ${batch}\\)`));
    assert.equal(await attr(b, 'progress', 'data-done'), 'false');
    await b.click('[data-testid="resume"]');
    await waitDone(b, 240_000);
    const resumed = csvLosses(await downloadText(b, 'download-log'));
    assert.deepEqual(resumed, whole, 'batch for batch, the same losses');
    // Finished: nothing left to resume on the next visit.
    await b.reload();
    await waitReady(b);
    assert.equal(await b.locator('[data-testid="resume"]').count(), 0);
    await context.close();
  });
});

test('the log downloads as CSV and JSON and matches the charts', { timeout: 240_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, site.url + '?backend=cpu&epochs=2&train_images=320&test_images=100&autostart=1');
    await waitDone(page, 200_000);
    const csv = await downloadText(page, 'download-log');
    const rows = csv.trim().split('\n');
    assert.equal(rows[0], 'epoch,batch,loss');
    assert.equal(rows.length - 1, Number(await attr(page, 'progress', 'data-batch')), 'one row per batch');
    assert.deepEqual(rows.slice(1, 4).map((r) => r.split(',').slice(0, 2).join(',')), ['1,1', '1,2', '1,3']);
    assert.equal(rows[6].split(',').slice(0, 2).join(','), '2,1', 'epoch 2 starts after 5 batches');
    // Losses in full precision: those the page keeps for comparisons.
    const shown = (await attr(page, 'loss', 'data-first-losses')).split(',').map(Number);
    assert.deepEqual(csvLosses(csv).slice(0, shown.length), shown);
    const log = JSON.parse(await downloadText(page, 'download-log-json'));
    assert.equal(log.settings.epochs, 2);
    assert.match(log.device, /CPU/);
    assert.equal(log.batches.length, 10);
    assert.deepEqual(log.epochs.map((e) => e.epoch), [1, 2]);
    const table = await page.$$eval('table.evals tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
    assert.deepEqual(log.epochs.map((e) => `${e.test_accuracy.toFixed(2)}%`), table, 'the epochs table');
  });
});

test('a first visit downloads each data file once (page and offline copy together), with real caching headers; the app installs', { timeout: 240_000 }, async () => {
  // The test server sends `Cache-Control: no-cache` and an ETag with every file.
  await withServer(startSite('/once/'), (own) => withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(own.url + '?backend=cpu');
    await waitReady(page);
    // The offline copy: the app (the service worker's list of files) and the four data files
    // (their size as served), as the page says.
    const appFiles = fs.readFileSync('static/sw.js', 'utf8').match(/const FILES = \[([^\]]*)\]/)[1].split(',').filter((f) => f.trim()).length;
    const dataMb = (fs.readdirSync('static/data').filter((f) => f.endsWith('.gz')).reduce((s, f) => s + fs.statSync(`static/data/${f}`).size, 0) / 1e6).toFixed(1);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="cache-status"]')?.dataset.dataFiles) === 4, null, { timeout: 60_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="cache-status"]')?.dataset.files) >= n, appFiles + 4, { timeout: 60_000 });
    const status = await page.locator('[data-testid="cache-status"]').textContent();
    const expected = `Offline copy: the app (${appFiles} files, MB) and the MNIST data (4 files, ${dataMb} MB) — it works without a network.`;
    assert.equal(status.replace(/\d+(\.\d+)? MB\) and/, 'MB) and'), expected);
    const data = own.requests.filter((r) => r.path.includes('/data/'));
    for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
      const hits = data.filter((r) => r.path.endsWith('/' + f));
      assert.equal(hits.length, 1, `${f}: ${JSON.stringify(hits)}`);
      assert.equal(hits[0].status, 200);
    }
    // Offline, a reload still has everything, without a request for data.
    const before = own.requests.length;
    await context.setOffline(true);
    await page.reload();
    await waitReady(page, 60_000);
    await context.setOffline(false);
    assert.equal(own.requests.slice(before).filter((r) => r.path.includes('/data/')).length, 0);
    // Installable: a manifest with icons, a service worker; Chromium reports no errors.
    const cdp = await context.newCDPSession(page);
    // Playwright's contexts are incognito, which Chromium always reports; every other check must pass.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const errors = installabilityErrors.filter((e) => e.errorId !== 'in-incognito');
    assert.deepEqual(errors, [], JSON.stringify(installabilityErrors));
    const manifest = await cdp.send('Page.getAppManifest');
    assert.ok(manifest.url.endsWith('/once/manifest.webmanifest') && manifest.errors.length === 0, JSON.stringify(manifest.errors));
    await context.close();
  }));
});

// Words that stay as they are in the Chinese page: names, units, code and the network's layers.
const NAMES = new Set(['MNIST', 'WebGPU', 'CPU', 'GPU', 'Rust', 'burn', 'leptos', 'Adam', 'Conv', 'ReLU', 'MaxPool', 'Linear',
  'logits', 'Dropout', 'EMA', 'safetensors', 'PyTorch', 'pth', 'JSON', 'CSV', 'wasm', 'WebAssembly', 'flex', 'SIMD',
  'backend', 'cpu', 'tutorial', 'deeper', 'gamma', 'English', 'lr_gamma', 'SmoothGrad',
  // The state dict's block names and the URL's keys (a trained model's recipe)
  'conv', 'out', 'epochs', 'train_images', 'test_images',
  // The layers' names inside the network (conv1, pool1, conv2a…), the same in every language
  'pool',
  // The URL's values of the ready networks and the optimizers, and a name (Nesterov's momentum)
  'small', 'dense', 'wide', 'adam', 'sgd', 'adamw', 'Nesterov',
  // Data sets of one's own: their names and their files' format and extension
  'Fashion', 'KMNIST', 'EMNIST', 'IDX', 'txt']);

async function englishWords(page) {
  const all = await page.evaluate(() => document.body.innerText);
  return [...new Set(all.match(/[A-Za-z_]{3,}/g) || [])].filter((w) => !NAMES.has(w));
}

test('the page reads in Chinese when the browser asks for Chinese; the language can be switched and is kept', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(site.url + '?backend=cpu&epochs=1&train_images=640&test_images=500');
    await waitReady(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await page.locator('h1').textContent(), '在浏览器里训练 MNIST');
    assert.equal(await page.title(), '在浏览器里训练 MNIST');
    assert.equal(await page.locator('[data-testid="data-status"]').textContent(), '就绪：60,000 张训练图像和 10,000 张测试图像');
    assert.match(await page.locator('table.model').textContent(), /卷积层 Conv2d\(1→16.*池化层/);
    assert.equal(await page.locator('[data-testid="lang-select"]').inputValue(), 'zh');
    // A short run: statuses, charts, the confusion matrix and the gallery in Chinese too.
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 240_000);
    assert.match(await page.locator('[data-testid="progress"]').textContent(), /^第 1\/1 轮 · 批次 10\/10 · 每秒 \d+ 张图像.* · 已完成$/);
    assert.match(await page.locator('.confusion').evaluate((t) => t.closest('.table-wrap').previousElementSibling.textContent), /^1 轮之后：500 张测试图像中 \d+ 张正确/);
    assert.ok((await page.locator('svg.chart').first().getAttribute('aria-label')) === '每个批次的训练损失值');
    assert.deepEqual(await englishWords(page), [], 'every word of the page is in Chinese');
    // Switched to English: the whole page follows at once, and the choice is kept.
    await page.selectOption('[data-testid="lang-select"]', 'en');
    assert.equal(await page.locator('h1').textContent(), 'MNIST in your browser');
    assert.match(await page.locator('[data-testid="progress"]').textContent(), /^Epoch 1\/1 · batch 10\/10 · \d+ images\/s.* · finished$/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await waitReady(page);
    assert.equal(await page.locator('[data-testid="data-status"]').textContent(), 'Ready: 60,000 training and 10,000 test images');
    // `lang=` in the URL wins over the kept choice.
    await page.goto(site.url + '?backend=cpu&lang=zh');
    await waitReady(page);
    assert.equal(await page.locator('[data-testid="train-start"]').textContent(), '开始');
    await context.close();
  });
});
