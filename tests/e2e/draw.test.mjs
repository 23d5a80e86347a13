// End-to-end: digits drawn on the canvas with real pointer events are read by the pretrained
// model; weights are saved (safetensors), reloaded and loaded back; every bad file is refused;
// the tutorial's own PyTorch weights (.pth) read drawn digits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite, launch, openPage, text, attr, waitDone, safetensorsHeader, shippedAbout, DIGITS, draw, readDigit, withBrowser, withTempDir } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const probs = (page) => page.$$eval('[data-testid="probabilities"] [data-digit]', (els) => els.map((e) => Number(e.dataset.p)));

async function clear(page) {
  await page.click('[data-testid="clear"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.textContent === '');
}

test('the pretrained model reads digits drawn at different sizes and places', { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 60_000 });
    // Before any drawing the canvas shows a test image, read; the first stroke replaces it.
    await page.waitForSelector('[data-testid="example-image"]', { timeout: 60_000 });
    assert.equal(await readDigit(page), await attr(page, 'example-image', 'data-label'));
    await clear(page);
    assert.equal(await text(page, 'prediction'), '', 'a blank canvas shows no prediction');
    const places = [{ x: 50, y: 40, size: 190 }, { x: 150, y: 20, size: 100 }, { x: 30, y: 150, size: 110 }];
    const wrong = [];
    for (const [digit, strokes] of Object.entries(DIGITS)) {
      for (const place of places) {
        await draw(page, strokes, place);
        const got = await readDigit(page);
        if (got !== digit) wrong.push(`${digit} at ${JSON.stringify(place)} read as ${got}`);
        const p = await probs(page);
        assert.equal(p.length, 10);
        assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 0.01, `probabilities sum to ${p}`);
        await clear(page);
      }
    }
    const total = Object.keys(DIGITS).length * places.length;
    console.log(`# canvas: ${total - wrong.length}/${total} drawn digits read correctly ${wrong.join('; ')}`);
    assert.ok(wrong.length <= 1, `misread: ${wrong.join('; ')}`);
    // Undo removes the last stroke: the image changes; undoing every stroke leaves a blank canvas.
    await draw(page, DIGITS[4], places[0]);
    assert.equal(await readDigit(page), '4');
    const seen = () => page.$eval('[data-testid="preview"]', (c) => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data).join());
    const before = await seen();
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((b) => Array.from(document.querySelector('[data-testid="preview"]').getContext('2d').getImageData(0, 0, 28, 28).data).join() !== b, before);
    await page.click('[data-testid="undo"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.textContent === '');
    const p50 = Number(await attr(page, 'prediction', 'data-latency-p50'));
    const p95 = Number(await attr(page, 'prediction', 'data-latency-p95'));
    console.log(`# stroke → probabilities latency (CPU inference in a worker): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    assert.ok(p50 > 0 && p95 >= p50);
    // Not a speed target (bench/canvas.mjs measures it: p50 ~10 ms here), a bound that catches a
    // reading left waiting behind other work or a lost answer: every drawing read within 2 s.
    assert.ok(p95 < 2000, `p95 ${p95} ms: a reading waited`);
    assert.deepEqual(logs.filter((l) => l.startsWith('pageerror')), []);
    await page.screenshot({ path: 'target/e2e-draw.png', fullPage: true });
  });
});

test('a trained model is saved, survives a reload, loads back from file; bad files are refused', { timeout: 300_000 }, async () => {
  await withTempDir('weights-', (dir) => withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, site.url + '?epochs=1&train_images=192&test_images=64&backend=cpu&autostart=1');
    await waitDone(page, 240_000);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    await draw(page, DIGITS[7], { x: 50, y: 40, size: 190 });
    await readDigit(page);
    const trainedProbs = await probs(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-weights"]')]);
    assert.equal(download.suggestedFilename(), 'mnist-cnn-trained.safetensors');
    const file = path.join(dir, 'trained.safetensors');
    await download.saveAs(file);
    // safetensors with the tutorial's names, PyTorch's layouts and the run's metadata.
    const saved = fs.readFileSync(file);
    const header = safetensorsHeader(file);
    assert.deepEqual(header['out.weight'].shape, [10, 3136]);
    assert.deepEqual(header['conv2.2.weight'].shape, [32, 32, 5, 5]);
    assert.equal(header.__metadata__.arch, 'tutorial');
    assert.match(header.__metadata__.trained_on, /in the browser on CPU/);
    assert.equal(header.__metadata__.test_images, '64');
    assert.match(await page.locator('.model-row').textContent(), /test accuracy on 64 test images; 1 epoch;/);

    // Open the page again without autostart: a reload would keep `autostart=1` and a second
    // training run would replace the model mid-test.
    await page.goto(site.url + '?backend=cpu');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 60_000 });
    await page.selectOption('[data-testid="model-select"]', 'pretrained');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained');
    assert.ok((await page.locator('.model-row').textContent()).includes(shippedAbout()), shippedAbout());
    await page.setInputFiles('[data-testid="load-weights"]', file);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'loaded', null, { timeout: 30_000 });
    await draw(page, DIGITS[7], { x: 50, y: 40, size: 190 });
    await readDigit(page);
    const loadedProbs = await probs(page);
    loadedProbs.forEach((p, i) => assert.ok(Math.abs(p - trainedProbs[i]) < 1e-3, `digit ${i}: ${p} vs ${trainedProbs[i]}`));

    // Every bad file: refused with a message naming it and what is wrong; the model stays.
    const fixture = (f) => fs.readFileSync(path.join('tests/fixtures', f));
    const corpus = (f) => fs.readFileSync(path.join('fuzz/corpus/weights', f));
    const lying = Buffer.from(saved);
    lying.write('"data_offsets":[9', saved.indexOf('"data_offsets":[0'));
    for (const [name, bytes, why] of [
      ['notes.txt', Buffer.from('this is not a weights file'), /not a weights file/],
      ['empty.pth', Buffer.alloc(0), /the file is empty/],
      ['cut.safetensors', saved.subarray(0, 1000), /safetensors header is invalid/],
      ['lying.safetensors', lying, /safetensors header is invalid/],
      ['renamed-key.pth', fixture('renamed-key.pth'), /missing conv2\.2\.weight; unexpected conv2\.1\.weight/],
      ['evil.pth', fixture('evil.pth'), /Python global `posix\.system`.*nothing was run/],
      ['cut.pth', fixture('tutorial.pth').subarray(0, 200_000), /zip archive is damaged or cut off/],
      // Hostile pickles (tests/native/hostile.rs wrote them into the fuzz corpus).
      ['doubling.pth', corpus('crafted-doubling.pth'), /makes or copies more than 100000 values/],
      ['marks.pth', corpus('crafted-marks.pth'), /nests values more than 100 levels deep/],
      ['offset.pth', corpus('crafted-offset.pth'), /reaches past the end of its storage/],
    ]) {
      await page.setInputFiles('[data-testid="load-weights"]', { name, mimeType: 'application/octet-stream', buffer: bytes });
      await page.waitForFunction((n) => document.querySelector('[data-testid="model-error"]')?.textContent.startsWith(n + ':'), name, { timeout: 10_000 });
      const message = await text(page, 'model-error');
      assert.match(message, why);
      assert.match(message, /previous model is still in use/);
      console.log(`# ${message}`);
      assert.equal(await text(page, 'model-source'), 'loaded', 'the old model stays');
    }
    await clear(page);
    await draw(page, DIGITS[1], { x: 50, y: 40, size: 190 });
    assert.equal(await readDigit(page), '1', 'the old model still reads the canvas');
    // A .pth of another network (the fixture's `Other` class) loads as that network, and says so.
    await page.setInputFiles('[data-testid="load-weights"]', { name: 'other-network.pth', mimeType: 'application/octet-stream', buffer: fixture('other-network.pth') });
    await page.waitForFunction(() => /other-network\.pth/.test(document.querySelector('.model-row')?.textContent), null, { timeout: 10_000 });
    assert.match(await page.locator('.model-row').textContent(), /other-network\.pth \(PyTorch \.pth, the c16k5-p-c16k5-c32k5-p network\)/);
    assert.equal(await text(page, 'model-error'), '');
    const layers = await page.$$eval('[data-testid="layer-maps"] canvas[data-sheet]', (cs) => cs.map((c) => c.dataset.sheet));
    assert.deepEqual(layers, ['conv1', 'pool1', 'conv2a', 'conv2b', 'pool2'], 'the inside view shows its layers');
  }));
});

test("the tutorial's PyTorch weights (.pth, dropped on the panel) read drawn digits", { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, site.url + '?backend=cpu');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 60_000 });
    // Drop the file the tutorial's torch.save(model.state_dict()) wrote (tests/fixtures).
    const pth = fs.readFileSync('tests/fixtures/tutorial.pth').toString('base64');
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'mnist_cnn.pth'));
      const panel = document.querySelector('[data-testid="draw-panel"]');
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, pth);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'loaded', null, { timeout: 30_000 });
    assert.match(await page.locator('.model-row').textContent(), /mnist_cnn\.pth \(PyTorch \.pth, the tutorial network\)/);
    // A briefly trained model (50 batches in PyTorch): it reads a clear 1 and a 7.
    for (const [digit, strokes] of [['1', DIGITS[1]], ['7', DIGITS[7]]]) {
      await draw(page, strokes, { x: 50, y: 40, size: 190 });
      assert.equal(await readDigit(page), digit);
      await clear(page);
    }
    // Downloaded back, it is safetensors with the same tensors PyTorch's own safetensors file has.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="save-weights"]')]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pth-')), 'back.safetensors');
    await download.saveAs(file);
    const tensors = (buf) => {
      const n = Number(buf.readBigUInt64LE(0));
      const header = JSON.parse(buf.subarray(8, 8 + n).toString());
      return Object.fromEntries(Object.entries(header).filter(([k]) => k !== '__metadata__')
        .map(([k, v]) => [k, buf.subarray(8 + n + v.data_offsets[0], 8 + n + v.data_offsets[1]).toString('hex')]));
    };
    assert.deepEqual(tensors(fs.readFileSync(file)), tensors(fs.readFileSync('tests/fixtures/tutorial.safetensors')));
  });
});

test('a prediction worker that dies is started again with the model it had, and the canvas reads on', { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url + '?backend=cpu');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 60_000 });
    // A model of the user's own reads the canvas (the shipped weights under another name).
    await page.setInputFiles('[data-testid="load-weights"]', { name: 'mine.safetensors', mimeType: 'application/octet-stream', buffer: fs.readFileSync('static/weights/pretrained.safetensors') });
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'loaded', null, { timeout: 30_000 });
    await clear(page);
    await draw(page, DIGITS[7], { x: 50, y: 40, size: 190 });
    assert.equal(await readDigit(page), '7');
    // The worker dies as one does when its wasm traps (a panic, memory exhausted): an uncaught
    // error. Meanwhile the canvas has a reading in flight.
    const named = await Promise.all(page.workers().map(async (w) => [w, await w.evaluate(() => self.name).catch(() => '')]));
    const predictor = named.find(([, n]) => n === 'prediction')?.[0];
    assert.ok(predictor, 'the prediction worker');
    await clear(page);
    await predictor.evaluate(() => { setTimeout(() => { throw new Error('killed by the test'); }, 0); });
    await draw(page, DIGITS[4], { x: 50, y: 40, size: 190 });
    await page.waitForFunction(() => /prediction worker stopped .*killed by the test.*started again with the model it had/.test(document.querySelector('[data-testid="model-error"]')?.textContent), null, { timeout: 20_000 });
    assert.equal(await readDigit(page), '4', 'the drawing is read by the new worker');
    assert.equal(await text(page, 'model-source'), 'loaded', 'with the model it had');
    assert.match(await page.locator('.model-row').textContent(), /mine\.safetensors/);
    await clear(page);
    await draw(page, DIGITS[1], { x: 50, y: 40, size: 190 });
    assert.equal(await readDigit(page), '1');
    assert.deepEqual(logs.filter((l) => /panicked|unreachable/.test(l)), []);
  });
});
