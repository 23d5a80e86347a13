// End-to-end: the tutorial's "change the network's structure" in the page. A network typed into
// the editor trains on the CPU workers like the native command, its table's shapes and parameter
// counts right, the canvas reading a drawn digit with it, a reload in the middle resuming it; one
// given by the URL (kernels 3 and 7, dropout, a hidden layer) trains on WebGPU like the native
// command and shows its own layers inside, and goes back to PyTorch (its nn.Module and .pth,
// which loads into the page again as that network); a network that cannot train is refused
// before Start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startSite, openPage, text, attr, waitReady, waitDone, nativeLosses, withBrowser, draw, readDigit, DIGITS, downloadText } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const SEED = 6;

/** The page's first losses against `train --net …` (within 1e-3 for five batches, 1% after), falling. */
function assertMatchesNative(losses, batches, flags, what) {
  assert.equal(losses.length, Math.min(batches, 20), `${what}: ${losses}`);
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  assert.ok(sum(losses.slice(-3)) < sum(losses.slice(0, 3)), `${what}: the loss did not fall: ${losses}`);
  const ref = nativeLosses(batches, SEED, flags);
  losses.forEach((l, i) => {
    if (i < 5) assert.ok(Math.abs(l - ref[i]) < 1e-3, `${what}, batch ${i}: browser ${l} vs native ${ref[i]}`);
    assert.ok(Math.abs(l - ref[i]) <= 0.01 * Math.abs(ref[i]), `${what}, batch ${i}: browser ${l} vs native ${ref[i]} (>1%)`);
  });
}

const losses = async (page) => (await attr(page, 'loss', 'data-first-losses')).split(',').map(Number);
const rows = (page) => page.$$eval('[data-testid="network"] tr[data-layer]', (rs) => rs.map((r) => [r.dataset.layer, r.dataset.shape, Number(r.dataset.params)]));

test('a network typed into the editor: its table, refusals, CPU training like the native command, the canvas, a resumed reload', { timeout: 500_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const batches = 30;
    const run = `?backend=cpu&epochs=1&train_images=${batches * 64}&test_images=100&seed=${SEED}&checkpoint_s=1`;
    const { page, logs } = await openPage(browser, site.url + run);
    await waitReady(page);
    await page.click('[data-testid="network"] summary');
    assert.deepEqual((await rows(page)).map((r) => r[0]), ['input', 'conv1', 'pool1', 'conv2a', 'conv2b', 'pool2', 'conv3', 'out'], 'the tutorial\'s layers');
    assert.deepEqual((await rows(page))[1], ['conv1', '[B, 16, 28, 28]', 416]);
    assert.equal(await text(page, 'param-count'), '121,514');
    // Retype the first layer, remove conv3, add a hidden layer: the table and the count follow.
    await page.locator('[data-testid="net-layer"]').first().fill('c8k3');
    await page.locator('[data-testid="net-layer"]').first().press('Tab');
    await page.locator('[data-testid="net-remove"]').nth(5).click();
    await page.selectOption('[data-testid="net-add-kind"]', 'dense');
    await page.click('[data-testid="net-add"]');
    const want = 'c8k3-p-c32k5-c32k5-p-l128';
    assert.equal(await page.inputValue('[data-testid="net-text"]'), want);
    assert.equal(new URL(page.url()).searchParams.get('net'), want, 'the link carries the network');
    const table = await rows(page);
    assert.deepEqual(table.map((r) => r[0]), ['input', 'conv1', 'pool1', 'conv2a', 'conv2b', 'pool2', 'hidden', 'out']);
    assert.deepEqual(table[1], ['conv1', '[B, 8, 28, 28]', 8 * 9 + 8]);
    assert.deepEqual(table[6], ['hidden', '[B, 128]', 32 * 49 * 128 + 128]);
    const total = table.reduce((s, r) => s + r[2], 0);
    assert.equal(total, 80 + (32 * 8 * 25 + 32) + (32 * 32 * 25 + 32) + (1568 * 128 + 128) + (128 * 10 + 10));
    assert.equal(await text(page, 'param-count'), total.toLocaleString('en-US'));
    assert.equal(await page.inputValue('[data-testid="setting-arch"]'), '', 'no ready network is this one');
    // A change that cannot train is refused in words, and the network stays.
    await page.locator('[data-testid="net-layer"]').nth(1).fill('c8k9');
    await page.locator('[data-testid="net-layer"]').nth(1).press('Tab');
    assert.match(await text(page, 'net-problem'), /layer 2, c8k9: a 9×9 kernel; kernels are 3, 5 or 7/);
    assert.equal(await page.inputValue('[data-testid="net-text"]'), want);
    assert.equal(await page.locator('[data-testid="net-layer"]').nth(1).inputValue(), 'p', 'the layer shows what it is again');
    await page.fill('[data-testid="net-text"]', 'c16k5-c16k5-p-p-p-p-p');
    await page.press('[data-testid="net-text"]', 'Tab');
    assert.match(await text(page, 'setting-problem'), /layer 7, p: the maps are already 1×1/);
    assert.equal(await page.inputValue('[data-testid="net-text"]'), want);
    await page.screenshot({ path: process.env.SCREENSHOT_NET || 'target/e2e-net-editor.png', fullPage: true });

    // It trains on the CPU, batch for batch like `train --net`.
    await page.click('[data-testid="train-start"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch) >= 20, null, { timeout: 240_000 });
    await page.click('[data-testid="train-pause"]'); // the user leaves in the middle of the run
    await page.waitForSelector('[data-testid="train-pause"]:has-text("Resume")');
    const first = await losses(page);
    assertMatchesNative(first, batches, ['--net', want], 'the edited network on the CPU');
    // A reload offers the run, with its network, and finishes it.
    await page.goto(site.url + run);
    await waitReady(page);
    await page.waitForSelector('[data-testid="resume"]', { timeout: 30_000 });
    await page.click('[data-testid="resume"]');
    await waitDone(page, 240_000);
    assert.equal(await page.inputValue('[data-testid="net-text"]'), want, 'the resumed run\'s network');
    assert.equal(await attr(page, 'progress', 'data-batch'), String(batches));
    // The canvas reads a drawn digit with the trained network.
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    await draw(page, DIGITS[1], { x: 40, y: 30, size: 200 });
    assert.match(await readDigit(page), /^\d$/);
    const filters = await page.$$eval('[data-testid="filters"] canvas', (cs) => cs.map((c) => `${c.width}x${c.height}`));
    assert.deepEqual(filters, Array(8).fill('3x3'), 'the first layer\'s eight 3×3 filters');
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});

test('a network given by the URL (kernels 3 and 7, dropout, a hidden layer) trains on WebGPU like the native command', { timeout: 500_000 }, async () => {
  await withBrowser({ webgpu: true }, async (browser) => {
    const batches = 8;
    const net = 'c8k3-c12k7-p-d0.2-c16k5-p-l48';
    const q = `?backend=webgpu&epochs=1&train_images=${batches * 64}&test_images=64&seed=${SEED}&net=${net}&autostart=1`;
    const { page, logs } = await openPage(browser, site.url + q);
    await waitReady(page);
    assert.equal(await text(page, 'backend'), 'WebGPU', logs.join('\n'));
    assert.equal(await page.inputValue('[data-testid="net-text"]'), net);
    await waitDone(page, 400_000);
    assertMatchesNative(await losses(page), batches, ['--net', net], 'the URL\'s network on WebGPU');
    // Inside it: its own layers' maps.
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    await page.click('[data-testid="inside"] summary');
    const layers = await page.$$eval('[data-testid="layer-maps"] canvas[data-sheet]', (cs) => cs.map((c) => `${c.dataset.sheet}:${c.dataset.channels}:${c.dataset.side}`));
    assert.deepEqual(layers, ['conv1a:8:28', 'conv1b:12:28', 'pool1:12:14', 'conv2:16:14', 'pool2:16:7']);
    // Back to PyTorch: the network as an nn.Module, its weights as a .pth.
    const code = await downloadText(page, 'save-pytorch');
    assert.match(code, /class CNN\(nn\.Module\):/);
    assert.match(code, /nn\.Conv2d\(in_channels=8, out_channels=12, kernel_size=7, stride=1, padding=3\)/);
    assert.match(code, /self\.hidden = nn\.Linear\(in_features=16 \* 7 \* 7, out_features=48\)/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-pth"]')]);
    assert.match(download.suggestedFilename(), /\.pth$/);
    const pth = fs.readFileSync(await download.path());
    assert.equal(pth.subarray(0, 2).toString(), 'PK', 'a zip archive, as torch.save writes');
    // The .pth loads back as that network (dropout keeps no tensor: its rate is not in the file).
    await page.setInputFiles('[data-testid="load-weights"]', { name: 'back.pth', mimeType: 'application/octet-stream', buffer: pth });
    await page.waitForFunction(() => /back\.pth/.test(document.querySelector('.model-row')?.textContent), null, { timeout: 10_000 });
    assert.match(await page.locator('.model-row').textContent(), /back\.pth \(PyTorch \.pth, the c8k3-c12k7-p-d0-c16k5-p-l48 network\)/);
    assert.equal(await text(page, 'model-error'), '');
    const bad = logs.filter((l) => /subgroup|validation|device_poison|panicked|pageerror/i.test(l));
    assert.deepEqual(bad, [], bad.join('\n'));
  });
});

test('the other way round: the URL\'s network on the CPU, an edited one on WebGPU, each like the native command', { timeout: 500_000 }, async () => {
  const batches = 8;
  const base = `epochs=1&train_images=${batches * 64}&test_images=64&seed=${SEED}`;
  await withBrowser({ webgpu: false }, async (browser) => {
    const net = 'c6k7-p-d0.3-c10k3-p-l24';
    const { page, logs } = await openPage(browser, `${site.url}?backend=cpu&${base}&net=${net}&autostart=1`);
    await waitReady(page);
    await waitDone(page, 240_000);
    assertMatchesNative(await losses(page), batches, ['--net', net], 'the URL\'s network on the CPU');
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
  await withBrowser({ webgpu: true }, async (browser) => {
    const { page, logs } = await openPage(browser, `${site.url}?backend=webgpu&${base}`);
    await waitReady(page);
    assert.equal(await text(page, 'backend'), 'WebGPU', logs.join('\n'));
    await page.click('[data-testid="network"] summary');
    await page.locator('[data-testid="net-layer"]').nth(2).fill('c24k3');
    await page.locator('[data-testid="net-layer"]').nth(2).press('Tab');
    await page.locator('[data-testid="net-remove"]').nth(3).click();
    const net = 'c16k5-p-c24k3-p-c64k5';
    assert.equal(await page.inputValue('[data-testid="net-text"]'), net);
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 400_000);
    assertMatchesNative(await losses(page), batches, ['--net', net], 'the edited network on WebGPU');
    const bad = logs.filter((l) => /validation|device_poison|panicked|pageerror/i.test(l));
    assert.deepEqual(bad, [], bad.join('\n'));
  });
});
