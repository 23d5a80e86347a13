// End-to-end: inside the network. A drawn digit shows every layer's maps (16+16+32+32+32+64),
// the ten logits, conv1's filters and a saliency overlay for the top digit and for one the user
// picks; a chosen channel shows the test patches that excite it most; the filters change while
// a run trains (its snapshots read the canvas); a gallery image can be looked inside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, openPage, text, attr, waitReady, waitDone, withBrowser } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const SEVEN = [[0.15, 0.1], [0.85, 0.1], [0.4, 0.95]];

async function drawSeven(page) {
  const box = await page.locator('[data-testid="canvas"]').boundingBox();
  const pts = SEVEN.map(([u, v]) => [box.x + 50 + u * 180, box.y + 40 + v * 180]);
  await page.mouse.move(...pts[0]);
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(...p, { steps: 8 });
  await page.mouse.up();
}

const settled = (page) => page.waitForFunction(() => {
  const p = document.querySelector('[data-testid="prediction"]');
  return p?.dataset.busy === 'false' && p.textContent !== '';
}, null, { timeout: 20_000 });

// How many of the canvases matching `sel` hold anything but black / transparent.
const lit = (page, sel) => page.$$eval(sel, (cs) => cs.filter((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 30 && d[i + 3] > 0) return true;
  return false;
}).length);

// How many maps of `layer` show anything (each layer's maps lie on one canvas, 16 to a row,
// in cells of 30 pixels).
const litMaps = (page, layer) => page.$eval(`[data-testid="layer-maps"] canvas[data-sheet="${layer}"]`, (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let ch = 0; ch < Number(c.dataset.channels); ch++) {
    const [x0, y0] = [(ch % 16) * 30, Math.floor(ch / 16) * 30];
    let on = false;
    for (let i = 0; i < 28 * 28 && !on; i++) {
      const at = 4 * ((y0 + Math.floor(i / 28)) * c.width + x0 + (i % 28));
      on = d[at] + d[at + 1] + d[at + 2] > 30;
    }
    n += on;
  }
  return n;
});

// The share of the overlay's weight (its alpha) more than 2 pixels away from the ink of the
// 28×28 image the network reads (the preview).
const offStroke = (page) => page.evaluate(() => {
  const px = (id) => document.querySelector(`[data-testid="${id}"]`).getContext('2d').getImageData(0, 0, 28, 28).data;
  const [ink, s] = [px('preview'), px('saliency')];
  let [off, all] = [0, 0];
  for (let i = 0; i < 784; i++) {
    const [r, c] = [Math.floor(i / 28), i % 28];
    let near = false;
    for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) {
      const [y, x] = [r + dr, c + dc];
      if (y >= 0 && y < 28 && x >= 0 && x < 28 && ink[4 * (y * 28 + x)] > 0) near = true;
    }
    all += s[4 * i + 3];
    if (!near) off += s[4 * i + 3];
  }
  return off / Math.max(all, 1);
});

// The overlay's pixels (to tell two explanations apart).
const overlayPixels = (page) => page.$eval('[data-testid="saliency"]', (c) => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data).join(','));

test('a drawn digit shows every layer, the logits, the filters, saliency and the patches a channel likes', { timeout: 180_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url + '?backend=cpu');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.dataset.source === 'pretrained', null, { timeout: 60_000 });
    await waitReady(page);
    await drawSeven(page);
    await settled(page);
    assert.equal(await text(page, 'prediction'), '7');
    // Every layer's maps, as many as the network table says.
    const perLayer = await page.$$eval('[data-testid="layer-maps"] [data-layer]', (els) => els.reduce((m, e) => {
      m[e.dataset.layer] = (m[e.dataset.layer] || 0) + 1;
      if (Number(e.dataset.channel) !== m[e.dataset.layer] - 1) m.order = false;
      return m;
    }, {}));
    assert.deepEqual(perLayer, { conv1: 16, pool1: 16, conv2a: 32, conv2b: 32, pool2: 32, conv3: 64 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="layer-maps"]')?.dataset.painted) >= 1);
    const conv1Lit = await litMaps(page, 'conv1');
    assert.ok(conv1Lit >= 8, `most conv1 maps show the stroke (${conv1Lit} of 16)`);
    assert.ok(await litMaps(page, 'conv3') >= 1, 'conv3 shows something');
    // The logits: the largest is the digit read.
    const logits = await page.$$eval('[data-testid="logits"] [data-logit]', (els) => els.map((e) => Number(e.dataset.logit)));
    assert.equal(logits.length, 10);
    assert.equal(logits.indexOf(Math.max(...logits)), 7);
    // conv1's 16 filters, painted.
    assert.equal(await page.locator('[data-testid="filters"] canvas').count(), 16);
    assert.equal(await lit(page, '[data-testid="filters"] canvas'), 16);
    // Saliency for the top digit, then for a digit the user picks ("why not 1?").
    await page.waitForFunction(() => document.querySelector('[data-testid="saliency"]')?.dataset.digit === '7', null, { timeout: 20_000 });
    assert.equal(await lit(page, '[data-testid="saliency"]'), 1, 'the overlay shows where 7 is decided');
    const seven = await overlayPixels(page);
    // SmoothGrad (the default) against the plain gradient: less of the weight off the stroke.
    const smooth = await offStroke(page);
    await page.uncheck('[data-testid="saliency-smooth"]');
    await page.waitForFunction((before) => Array.from(document.querySelector('[data-testid="saliency"]').getContext('2d').getImageData(0, 0, 28, 28).data).join(',') !== before, seven, { timeout: 20_000 });
    const plain = await offStroke(page);
    console.log(`# share of the saliency more than 2 px off the stroke: SmoothGrad ${smooth.toFixed(3)}, plain gradient ${plain.toFixed(3)}`);
    assert.ok(smooth < plain, `SmoothGrad ${smooth} vs plain ${plain}`);
    await page.check('[data-testid="saliency-smooth"]');
    await page.waitForFunction((before) => Array.from(document.querySelector('[data-testid="saliency"]').getContext('2d').getImageData(0, 0, 28, 28).data).join(',') === before, seven, { timeout: 20_000 });
    await page.click('[data-testid="probabilities"] [data-digit="1"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="saliency"]')?.dataset.digit === '1', null, { timeout: 20_000 });
    assert.notEqual(await overlayPixels(page), seven, 'why 1 is not why 7');
    assert.match(await text(page, 'saliency-key'), /more a 1/);
    // Hover enlarges and names a map; a click asks for the 9 test patches that excite it most.
    await page.hover('[data-layer="conv2b"][data-channel="7"]');
    assert.equal(await text(page, 'map-name'), 'conv2b, channel 7');
    await page.click('[data-layer="conv2b"][data-channel="7"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="patches"] canvas').length === 9, null, { timeout: 60_000 });
    const side = await page.$eval('[data-testid="patches"] canvas', (c) => c.width);
    assert.equal(side, 22, "conv2b's receptive field is 22×22");
    assert.ok(await lit(page, '[data-testid="patches"] canvas') >= 5, 'the patches hold ink');
    assert.match(await text(page, 'patches-title'), /500 test images.*conv2b, channel 7/);
    // Clearing clears the reading and the overlay.
    await page.click('[data-testid="clear"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="saliency"]')?.dataset.digit === '');
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});

test('the filters change while a run trains; a gallery image can be looked inside', { timeout: 300_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page, logs } = await openPage(browser, site.url + '?backend=cpu&epochs=1&train_images=1280&test_images=200&autostart=1');
    // Record the filters every time they are painted, with the model they belong to.
    await page.evaluate(() => {
      window.__filters = [];
      let seen = 0;
      setInterval(() => {
        const box = document.querySelector('[data-testid="filters"]');
        const painted = Number(box?.dataset.painted || 0);
        if (painted === seen) return;
        seen = painted;
        const px = Array.from(box.querySelectorAll('canvas')).map((c) => Array.from(c.getContext('2d').getImageData(0, 0, 5, 5).data).join(',')).join(';');
        window.__filters.push({ source: document.querySelector('[data-testid="model-source"]').dataset.source, px });
      }, 10);
    });
    await waitReady(page);
    await waitDone(page, 240_000);
    await page.waitForFunction(() => window.__filters.some((f) => f.source === 'trained'), null, { timeout: 30_000 });
    const filters = await page.evaluate(() => window.__filters);
    const first = (s) => filters.find((f) => f.source === s);
    assert.ok(first('pretrained'), 'the shipped model first');
    assert.ok(first('training'), 'the run in progress read the canvas');
    assert.notEqual(first('training').px, first('trained').px, 'the filters after the run differ from those at its start');
    assert.notEqual(first('training').px, first('pretrained').px, 'the run starts from its own weights');
    // A test image of the gallery, looked inside.
    // (The canvas read the opening example until now: wait for this image's own reading, the
    // one the gallery's evaluation made with the same weights.)
    const [index, pred] = await page.$eval('[data-testid="samples"] figure', (f) => [f.dataset.index, f.dataset.pred]);
    await page.click('[data-testid="samples"] figure >> nth=0');
    await page.waitForSelector('[data-testid="inspecting"]');
    assert.match(await text(page, 'inspecting'), new RegExp(`#${index}\\b`));
    await page.waitForFunction((d) => document.querySelector('[data-testid="saliency"]')?.dataset.digit === d, pred, { timeout: 20_000 });
    await settled(page);
    assert.equal(await text(page, 'prediction'), pred);
    assert.ok(await litMaps(page, 'conv1') >= 4);
    // Drawing goes back to the user's own digit.
    await drawSeven(page);
    await page.waitForFunction(() => !document.querySelector('[data-testid="inspecting"]'));
    assert.deepEqual(logs.filter((l) => /panicked|pageerror/.test(l)), []);
  });
});
