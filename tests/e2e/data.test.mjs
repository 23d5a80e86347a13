// A data set of one's own, as a user meets it: the four IDX files of a set made here (shapes: no
// download) dropped on the page with their class names; one epoch trains far above chance; the
// confusion matrix, the galleries and the probabilities name the classes; a drawn shape is read;
// a reload keeps the set; MNIST comes back from the list; broken sets are refused by name and
// the set in use stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { startSite, openPage, text, attr, waitReady, waitDone, assertAccuracyMatchesMatrix, withBrowser, draw, readDigit } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const SIDE = 28;
const NAMES = ['square', 'plus', 'ring', 'bar'];

// Class 0 a filled square, 1 a plus sign, 2 a ring, 3 a horizontal bar; sizes and places vary
// with `seed` (as tests/native/own_set.rs makes them).
function shape(c, seed) {
  const image = new Uint8Array(SIDE * SIDE);
  const [cy, cx, r] = [12 + (seed * 7) % 5, 12 + (seed * 3) % 5, 6 + seed % 4];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const [dy, dx] = [y - cy, x - cx];
      const on = [
        Math.abs(dy) <= r && Math.abs(dx) <= r,
        (Math.abs(dy) <= 1 && Math.abs(dx) <= r) || (Math.abs(dx) <= 1 && Math.abs(dy) <= r),
        Math.abs(dy * dy + dx * dx - r * r) <= r,
        Math.abs(dy) <= 1 && Math.abs(dx) <= r,
      ][c];
      image[y * SIDE + x] = on ? 255 : 0;
    }
  }
  return image;
}

const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
function idxImages(images, side = SIDE) {
  return Buffer.concat([u32(0x803), u32(images.length), u32(side), u32(side), ...images.map((i) => Buffer.from(i))]);
}
const idxLabels = (labels) => Buffer.concat([u32(0x801), u32(labels.length), Buffer.from(labels)]);

/** The files of a set of `n` training shapes (and n/4 test shapes) of `classes` classes. */
function shapeSet(n, classes = 4) {
  const part = (count, offset) => {
    const labels = [...Array(count).keys()].map((i) => i % classes);
    return [idxImages(labels.map((c, i) => shape(c, i + offset))), idxLabels(labels)];
  };
  const [trainImages, trainLabels] = part(n, 0);
  const [testImages, testLabels] = part(n / 4, 7);
  return {
    'train-images-idx3-ubyte.gz': zlib.gzipSync(trainImages),
    'train-labels-idx1-ubyte.gz': zlib.gzipSync(trainLabels),
    't10k-images-idx3-ubyte.gz': zlib.gzipSync(testImages),
    't10k-labels-idx1-ubyte.gz': zlib.gzipSync(testLabels),
  };
}

/** Drops `files` ({name: bytes}) on the page's header, as a user drags them from a folder. */
async function dropFiles(page, files) {
  const list = Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const [name, b64] of list) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    document.querySelector('header').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, list);
}

/** Picks `files` in the `load-data` input. */
const pickFiles = (page, files) => page.locator('[data-testid="load-data"]').setInputFiles(
  Object.entries(files).map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })));

/** Unfolds the data set's choices. */
const openDataFold = (page) => page.evaluate(() => { document.querySelector('[data-testid="data-fold"]').open = true; });

const waitSet = (page, name) => page.waitForFunction((name) => document.querySelector('[data-testid="data-set"]')?.dataset.name === name, name, { timeout: 30_000 });
const errorText = (page) => text(page, 'error');

test('a set of ones own dropped on the page trains, names its classes everywhere, is kept and read', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: true }, async (browser) => {
    const q = '?backend=webgpu&epochs=1&net=small&lr=0.003&batch=32';
    const { page, logs } = await openPage(browser, site.url + q);
    await waitReady(page);
    assert.equal(await attr(page, 'data-set', 'data-classes'), '0|1|2|3|4|5|6|7|8|9', 'MNIST first');
    await dropFiles(page, { ...shapeSet(1024), 'shapes.txt': NAMES.join('\n') + '\n' });
    await waitSet(page, 'shapes');
    assert.equal(await attr(page, 'data-set', 'data-classes'), NAMES.join('|'));
    // The network's classifier has one output per class: 784·4 + 4 weights, not 784·10 + 10.
    assert.equal(await text(page, 'param-count'), '4,388');
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 240_000);
    const acc = await assertAccuracyMatchesMatrix(page);
    assert.ok(acc > 60, `one epoch on 1,024 shapes: ${acc}% (chance: 25%)`);
    console.log(`# a set of 4 shapes, one epoch of 1,024 images (small network, WebGPU): ${acc}% of 256 test images`);
    // The matrix is 4×4 and named; so are the galleries' captions and the filters.
    assert.equal(await attr(page, 'confusion-matrix', 'data-classes'), '4');
    const heads = await page.locator('[data-testid="confusion-matrix"] thead th').allTextContents();
    assert.deepEqual(heads.slice(1, 5), NAMES);
    const captions = await page.locator('[data-testid="samples"] figcaption').allTextContents();
    assert.ok(captions.length > 0 && captions.every((c) => NAMES.some((n) => c.startsWith(n))), captions.join('; '));
    const filters = await page.locator('[data-testid="filter-true"] option').allTextContents();
    assert.deepEqual(filters.slice(1), NAMES);
    // The canvas reads with the trained model: four named probabilities; a drawn plus is a plus.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="probabilities"] .prob').length === 4, null, { timeout: 30_000 });
    const probNames = await page.locator('[data-testid="probabilities"] .prob').evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.deepEqual(probNames, NAMES);
    await page.click('[data-testid="clear"]');
    await draw(page, [[[0.5, 0.1], [0.5, 0.9]], [[0.1, 0.5], [0.9, 0.5]]], { x: 40, y: 40, size: 200 });
    const read = await readDigit(page);
    await page.screenshot({ path: process.env.SCREENSHOT_SET || 'target/e2e-own-set.png', fullPage: true });
    assert.equal(read, 'plus', `a drawn plus read as ${read}`);
    // A reload trains on it again without picking; MNIST comes back from the list.
    await page.reload();
    await waitReady(page);
    await waitSet(page, 'shapes');
    const options = await page.locator('[data-testid="data-set-select"] option').allTextContents();
    assert.ok(options.some((o) => o.startsWith('shapes · 1,024 + 256 images · 4 classes')), options.join('; '));
    assert.match(await page.locator('[data-testid="data-fold"] summary').textContent(), /^Data: shapes \(4 classes\)$/);
    await openDataFold(page);
    await page.selectOption('[data-testid="data-set-select"]', 'mnist');
    await waitSet(page, 'MNIST');
    assert.equal(await attr(page, 'data-set', 'data-classes'), '0|1|2|3|4|5|6|7|8|9');
    assert.equal(await text(page, 'param-count'), '9,098');
    // Back to the kept set from the list, then deleted: MNIST again, and the list holds MNIST alone.
    const kept = await page.locator('[data-testid="data-set-select"] option').nth(1).getAttribute('value');
    await page.selectOption('[data-testid="data-set-select"]', kept);
    await waitSet(page, 'shapes');
    await page.click('[data-testid="data-set-delete"]');
    await waitSet(page, 'MNIST');
    assert.equal(await page.locator('[data-testid="data-set-select"] option').count(), 1);
    await page.reload();
    await waitReady(page);
    assert.equal(await attr(page, 'data-set', 'data-name'), 'MNIST', 'a deleted set is not restored');
    assert.deepEqual((await errorText(page)).trim(), '');
    assert.deepEqual(logs.filter((l) => /pageerror|panicked/.test(l)), []);
  });
});

test('broken sets are refused by name and the set in use stays', { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url + '?backend=cpu');
    await waitReady(page);
    const good = shapeSet(64);
    await pickFiles(page, good);
    await waitSet(page, 'set');
    const hash = await attr(page, 'data-set', 'data-hash');
    const refused = async (files, pattern) => {
      await pickFiles(page, files);
      await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid="error"]').textContent), pattern.source, { timeout: 30_000 });
      assert.equal(await attr(page, 'data-set', 'data-hash'), hash, `the set in use stays after ${pattern}`);
    };
    // Labels beyond the named classes.
    await refused({ ...good, 'names.txt': 'square\nplus\n' }, /train-labels-idx1-ubyte\.gz: label 2/);
    // A test set of classes the training set does not have.
    const five = shapeSet(64, 5);
    await refused({ ...shapeSet(64, 3), 't10k-images-idx3-ubyte.gz': five['t10k-images-idx3-ubyte.gz'], 't10k-labels-idx1-ubyte.gz': five['t10k-labels-idx1-ubyte.gz'] },
      /t10k-labels-idx1-ubyte\.gz: label 3 .* beyond the 3 classes/);
    // 25×25 images.
    await refused({ ...good, 'train-images-idx3-ubyte.gz': zlib.gzipSync(idxImages([new Uint8Array(625)], 25)) }, /train-images-idx3-ubyte\.gz: .*25/);
    // A count that lies.
    const lying = zlib.gunzipSync(good['train-labels-idx1-ubyte.gz']);
    lying.writeUInt32BE(65, 4);
    await refused({ ...good, 'train-labels-idx1-ubyte.gz': zlib.gzipSync(lying) }, /train-labels-idx1-ubyte\.gz/);
    // A part missing, a stray file.
    const { 't10k-labels-idx1-ubyte.gz': _, ...three } = good;
    await refused(three, /test-labels file is missing/);
    await refused({ ...good, 'photo.png': Buffer.from('png') }, /photo\.png: not one of a set's files/);
    // Class names typed instead of a file (commas between).
    await openDataFold(page);
    await page.fill('[data-testid="data-names"]', 'square, plus, ring, bar');
    await pickFiles(page, shapeSet(128));
    await page.waitForFunction(() => document.querySelector('[data-testid="data-set"]')?.dataset.classes === 'square|plus|ring|bar', null, { timeout: 30_000 });
    // The page keeps working: a run on the set in use.
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 120_000);
    assert.ok(Number(await text(page, 'test-accuracy')) >= 0);
    assert.deepEqual(logs.filter((l) => /pageerror|panicked/.test(l)), []);
  });
});

test('storage full: a set is trained on but not kept, and the page says so once', { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(site.url).origin, quotaSize: 16 * 1024 });
    await page.goto(`${site.url}?backend=cpu&nosw`);
    await waitReady(page);
    await pickFiles(page, { ...shapeSet(2048), 'shapes.txt': NAMES.join('\n') });
    await waitSet(page, 'shapes');
    await page.waitForFunction(() => /shapes is used now but could not be kept in this browser \(QuotaExceededError/.test(document.querySelector('[data-testid="error"]')?.textContent), null, { timeout: 30_000 });
    assert.equal((await errorText(page)).match(/could not be kept/g).length, 1, 'said once');
    const options = await page.locator('[data-testid="data-set-select"] option').count();
    assert.equal(options, 1, 'only MNIST is listed: the set was not kept');
    // A reload starts on MNIST, with nothing said about a set it could not keep.
    await page.reload();
    await waitReady(page);
    assert.equal(await attr(page, 'data-set', 'data-name'), 'MNIST');
    assert.doesNotMatch(await errorText(page), /shapes/);
    await context.close();
  });
});
