// End-to-end: the tutorial's "compare optimizers" in the page. SGD with Nesterov's momentum given
// by the URL trains on WebGPU and matches the native command batch by batch; AdamW chosen in the
// settings form trains on the CPU workers, matches the native command too, and its kept run is
// named by its optimizer; SGD's momentum can be set only while SGD is chosen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, openPage, text, attr, waitReady, waitDone, nativeLosses, withBrowser } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const BATCHES = 8;
const SEED = 4;

/** The page's losses against `train`'s with the same options (`flags`): within 1e-3 for the first
 * five batches, 1% after; and falling. */
function assertMatchesNative(losses, flags, what) {
  assert.equal(losses.length, BATCHES, `${what}: ${losses}`);
  assert.ok(losses.slice(-3).reduce((a, b) => a + b) < losses.slice(0, 3).reduce((a, b) => a + b), `${what}: the loss did not fall: ${losses}`);
  const ref = nativeLosses(BATCHES, SEED, flags);
  losses.forEach((l, i) => {
    if (i < 5) assert.ok(Math.abs(l - ref[i]) < 1e-3, `${what}, batch ${i}: browser ${l} vs native ${ref[i]}`);
    assert.ok(Math.abs(l - ref[i]) <= 0.01 * Math.abs(ref[i]), `${what}, batch ${i}: browser ${l} vs native ${ref[i]} (>1%)`);
  });
}

const losses = async (page) => (await attr(page, 'loss', 'data-first-losses')).split(',').map(Number);

test('SGD with Nesterov momentum from the URL trains on WebGPU like the native command', { timeout: 400_000 }, async () => {
  await withBrowser({ webgpu: true }, async (browser) => {
    const q = `?backend=webgpu&epochs=1&train_images=${BATCHES * 64}&test_images=64&seed=${SEED}&optimizer=sgd&lr=0.05&nesterov=1&weight_decay=0.001&autostart=1`;
    const { page, logs } = await openPage(browser, site.url + q);
    await waitReady(page);
    assert.equal(await text(page, 'backend'), 'WebGPU', logs.join('\n'));
    assert.equal(await page.inputValue('[data-testid="setting-optimizer"]'), 'sgd');
    assert.equal(await page.isChecked('[data-testid="setting-nesterov"]'), true);
    await waitDone(page, 360_000);
    assertMatchesNative(await losses(page), ['--optimizer', 'sgd', '--lr', '0.05', '--nesterov', '--weight-decay', '0.001'], 'sgd on WebGPU');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-name"]').length >= 1, null, { timeout: 30_000 });
    const name = await page.inputValue('[data-testid="run-name"]');
    assert.match(name, /optimizer sgd/, name);
    assert.match(name, /nesterov 1/, name);
    assert.deepEqual(logs.filter((l) => /panicked|pageerror|validation/i.test(l)), []);
  });
});

test('AdamW chosen in the settings trains on the CPU like the native command; momentum only for SGD', { timeout: 400_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, `${site.url}?backend=cpu&epochs=1&train_images=${BATCHES * 64}&test_images=64&seed=${SEED}`);
    await waitReady(page);
    assert.equal(await page.inputValue('[data-testid="setting-optimizer"]'), 'adam', 'the tutorial\'s optimizer by default');
    assert.equal(await page.isDisabled('[data-testid="setting-momentum"]'), true, 'Adam has no momentum to set');
    await page.selectOption('[data-testid="setting-optimizer"]', 'sgd');
    assert.equal(await page.isDisabled('[data-testid="setting-momentum"]'), false, 'SGD\'s momentum can be set');
    await page.selectOption('[data-testid="setting-optimizer"]', 'adamw');
    assert.equal(await page.isDisabled('[data-testid="setting-nesterov"]'), true);
    await page.fill('[data-testid="setting-weight-decay"]', '0.05');
    await page.press('[data-testid="setting-weight-decay"]', 'Tab');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('optimizer'), 'adamw', page.url());
    assert.equal(url.searchParams.get('weight_decay'), '0.05', page.url());
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 300_000);
    assertMatchesNative(await losses(page), ['--optimizer', 'adamw', '--weight-decay', '0.05'], 'adamw on the CPU');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-name"]').length >= 1, null, { timeout: 30_000 });
    assert.match(await page.inputValue('[data-testid="run-name"]'), /optimizer adamw, weight_decay 0\.05/);
    assert.equal(await page.isVisible('[data-testid="experiment-optimizers"]'), true, 'the optimizers experiment is offered');
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});
