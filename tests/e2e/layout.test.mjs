// End-to-end: the first screen. At 1280×800 both jobs are in view (Start, the device, the
// canvas), the network already reads a real test image (lit maps, a prediction) before anything
// is drawn, charts without data are one line, the page is short, and starting a run shifts
// nothing (cumulative layout shift < 0.1). At 390×844 nothing is wider than the screen and every
// section is one tap away. Screenshots of both, in English and Chinese (SCREENSHOTS=docs/screenshots
// writes them where the README shows them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startSite, openPage, text, attr, waitReady, waitDone, DIGITS, draw, readDigit, withBrowser } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(() => site.server.close());

const SHOTS = process.env.SCREENSHOTS || 'target';
const LAPTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
// Today's page was 2,943 px tall at 1280 wide before anything happened; the issue asks for half.
const MAX_HEIGHT = 2943 / 2;
const SHORT_RUN = '?backend=cpu&epochs=1&train_images=320&test_images=100';

/** Sums every layout shift not caused by the user's input (from the page's first paint on). */
async function watchShifts(page) {
  await page.addInitScript(() => {
    window.__cls = 0;
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__cls += e.value;
        window.__shifts.push(`${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ${(e.sources || []).map((s) => s.node?.outerHTML?.slice(0, 70)).join(' | ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

// How many of a layer's maps hold something (a lit pixel in their cell).
const litMaps = (page, layer) => page.$eval(`[data-testid="layer-maps"] canvas[data-sheet="${layer}"]`, (c) => {
  const ctx = c.getContext('2d');
  let lit = 0;
  for (let i = 0; i < Number(c.dataset.channels); i++) {
    const d = ctx.getImageData((i % 16) * 30, Math.floor(i / 16) * 30, 28, 28).data;
    for (let j = 0; j < d.length; j += 4) if (d[j] + d[j + 1] + d[j + 2] > 60) { lit++; break; }
  }
  return lit;
});

async function inFirstViewport(page, testid, { width, height }) {
  const b = await page.locator(`[data-testid="${testid}"]`).boundingBox();
  assert.ok(b, `${testid} is shown`);
  assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height,
    `${testid} lies in the first ${width}×${height} view: ${JSON.stringify(b)}`);
}

/** Waits until the canvas reads the opening example with the shipped model (and, where the inside
 * view is unfolded, paints its maps); returns its label. */
async function exampleRead(page, maps = true) {
  await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.dataset.source === 'pretrained', null, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="example-image"]', { timeout: 60_000 });
  if (maps) await page.waitForFunction(() => Number(document.querySelector('[data-testid="layer-maps"]')?.dataset.painted) >= 1, null, { timeout: 30_000 });
  const label = await attr(page, 'example-image', 'data-label');
  await page.waitForFunction((d) => document.querySelector('[data-testid="prediction"]')?.textContent === d, label, { timeout: 20_000 });
  return label;
}

test('at 1280×800 both jobs are in view, a test image is read before any drawing, and a run shifts nothing', { timeout: 240_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const page = await browser.newPage(LAPTOP);
    const logs = [];
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await watchShifts(page);
    await page.goto(site.url + SHORT_RUN);
    await waitReady(page);
    for (const id of ['train-start', 'canvas', 'backend']) await inFirstViewport(page, id, LAPTOP.viewport);
    assert.match(await text(page, 'device-summary'), /^ · training on the CPU/, 'the device in plain words');
    // No empty boxes: the network reads test image #0 (a 7) from the loaded data.
    const label = await exampleRead(page);
    assert.equal(await attr(page, 'example-image', 'data-index'), '0');
    assert.match(await text(page, 'example-image'), new RegExp(`^A test image \\(#0, a ${label}\\) — draw your own to replace it\\.`));
    assert.equal(await readDigit(page), label, 'the shipped model reads the test image');
    assert.ok(await litMaps(page, 'conv1') >= 8, 'conv1 maps are lit');
    assert.ok(await litMaps(page, 'conv3') >= 1, 'conv3 maps are lit');
    assert.equal(await page.locator('[data-testid="logits"] [data-logit]').count(), 10, 'the ten logits');
    await page.waitForFunction((d) => document.querySelector('[data-testid="saliency"]')?.dataset.digit === d, label, { timeout: 20_000 });
    // Charts without data: one line, no axes.
    assert.match(await text(page, 'charts-empty'), /appear when training starts/);
    assert.equal(await page.locator('svg.chart').count(), 0);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`# page height before training at 1280×800: ${height} px (was 2,943)`);
    assert.ok(height <= MAX_HEIGHT, `the page is ${height} px tall`);
    // "another" steps to the next test image.
    await page.click('[data-testid="another-example"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="example-image"]')?.dataset.index === '1');
    const next = await attr(page, 'example-image', 'data-label');
    await page.waitForFunction((d) => document.querySelector('[data-testid="prediction"]')?.textContent === d, next, { timeout: 20_000 });
    // A run: the charts take the line's place and nothing in view moves.
    await page.click('[data-testid="train-start"]');
    await waitDone(page, 200_000);
    await page.waitForSelector('svg.chart');
    assert.equal(await page.locator('[data-testid="charts-empty"]').count(), 0);
    await page.waitForTimeout(500);
    const [cls, shifts] = await page.evaluate(() => [window.__cls, window.__shifts]);
    console.log(`# cumulative layout shift from load through a run: ${cls.toFixed(4)}${shifts.length ? `\n#   ${shifts.join('\n#   ')}` : ''}`);
    assert.ok(cls < 0.1, `layout shift ${cls}: ${shifts.join('; ')}`);
    // Drawing replaces the example; Clear leaves a blank canvas (the example does not come back).
    // (Read by the shipped model: five batches of training do not read a drawn 4 reliably.)
    await page.selectOption('[data-testid="model-select"]', 'pretrained');
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.dataset.source === 'pretrained', null, { timeout: 20_000 });
    await draw(page, DIGITS[4], { x: 50, y: 40, size: 190 });
    assert.equal(await readDigit(page), '4');
    assert.equal(await page.locator('[data-testid="example-image"]').count(), 0);
    await page.click('[data-testid="clear"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.textContent === '');
    assert.equal(await page.locator('[data-testid="example-image"]').count(), 0);
    assert.deepEqual(logs, []);
  });
});

/** Elements wider than the screen or reaching past it (inside a scrolling box is fine). */
const tooWide = (page) => page.evaluate(() => {
  const w = document.documentElement.clientWidth;
  const clipped = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return p !== document.body && p !== document.documentElement;
    return false;
  };
  return [...document.body.querySelectorAll('*')].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !clipped(e);
  }).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.dataset.testid || ''} ${Math.round(e.getBoundingClientRect().right)}`);
});

for (const lang of ['en', 'zh']) {
  test(`on a phone (390×844, ${lang}): nothing wider than the screen, the canvas full width, every section one tap away`, { timeout: 180_000 }, async () => {
    await withBrowser({ webgpu: false }, async (browser) => {
      const { page, logs } = await openPage(browser, `${site.url}?backend=cpu&lang=${lang}`, PHONE);
      await waitReady(page);
      await exampleRead(page, false);
      assert.equal(await page.locator('[data-testid="inside"]').getAttribute('open'), null, 'the inside view is folded on a phone');
      assert.deepEqual(await tooWide(page), [], 'no element is wider than the screen');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
      await inFirstViewport(page, 'train-start', PHONE.viewport);
      const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
      assert.ok(canvas.width >= 340, `the canvas is ${canvas.width} px wide`);
      await page.screenshot({ path: path.join(SHOTS, `first-screen-phone-${lang}.png`) });
      const sections = await page.$$eval('[data-testid="sections"] a', (as) => as.map((a) => a.dataset.section));
      assert.deepEqual(sections, ['train', 'draw', 'inside', 'results', 'runs']);
      for (const id of [...sections].reverse()) {
        await page.tap(`[data-testid="sections"] a[data-section="${id}"]`);
        // Reached: its top in the upper half, or (a short page cannot scroll a late section up
        // that far) the page scrolled to its end with the section's top in view.
        await page.waitForFunction((id) => {
          const top = document.getElementById(id).getBoundingClientRect().top;
          const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          return top >= 0 && (top < window.innerHeight / 2 || (atEnd && top < window.innerHeight));
        }, id, { timeout: 5_000 });
        const nav = await page.locator('[data-testid="sections"]').boundingBox();
        assert.ok(nav.y >= 0 && nav.y < 10, `the links stay at the top (${id})`);
        // The link of the section being read is marked.
        await page.waitForSelector(`[data-testid="sections"] a[data-section="${id}"][aria-current="true"]`, { timeout: 5_000 });
      }
      // The Inside link unfolds the view, which then reads the test image layer by layer.
      assert.equal(await page.locator('[data-testid="inside"]').getAttribute('open'), '');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="layer-maps"]')?.dataset.painted) >= 1, null, { timeout: 20_000 });
      assert.deepEqual(await tooWide(page), [], 'nothing wider than the screen in the unfolded inside view either');
      // Scrolled by hand, the mark follows what is read.
      await page.waitForTimeout(500);
      await page.evaluate(() => window.scrollTo(0, document.getElementById('draw').offsetTop - 20));
      await page.waitForSelector('[data-testid="sections"] a[data-section="draw"][aria-current="true"]', { timeout: 5_000 });
      // What a thumb taps is big enough: buttons, lists, the section links, the folds (the
      // probability rows' "why not" is the one exception: ten rows of 40 px would push the canvas
      // half a screen down).
      const small = await page.$$eval('button, select, [data-testid="sections"] a, summary', (els) => els
        .filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 40).map((e) => e.outerHTML.slice(0, 60)));
      assert.deepEqual(small, []);
      assert.deepEqual(logs.filter((l) => l.startsWith('pageerror')), []);
    });
  });
}

test('between a phone and a laptop (768×1024): one column, the section links, nothing wider than the screen', { timeout: 120_000 }, async () => {
  await withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, `${site.url}?backend=cpu`, { viewport: { width: 768, height: 1024 } });
    await waitReady(page);
    await exampleRead(page);
    assert.ok(await page.locator('[data-testid="sections"]').isVisible());
    const [train, draw] = [await page.locator('#train').boundingBox(), await page.locator('#draw').boundingBox()];
    assert.ok(draw.y > train.y + train.height - 1 && Math.abs(draw.x - train.x) < 1, 'the drawing card under the training card');
    assert.deepEqual(await tooWide(page), []);
  });
});

for (const lang of ['en', 'zh']) {
  test(`the first screen at 1280×800 with the default settings (${lang}): both jobs in view`, { timeout: 120_000 }, async () => {
    await withBrowser({ webgpu: false }, async (browser) => {
      const { page } = await openPage(browser, `${site.url}?backend=cpu&lang=${lang}`, LAPTOP);
      await waitReady(page);
      await exampleRead(page);
      for (const id of ['train-start', 'canvas', 'backend']) await inFirstViewport(page, id, LAPTOP.viewport);
      if (lang === 'zh') {
        assert.match(await text(page, 'example-image'), /^一张测试图像（#0，真实数字为 \d）/);
        assert.match(await text(page, 'device-summary'), /^ · 在 CPU 上训练/);
      }
      assert.ok(await page.evaluate(() => document.documentElement.scrollHeight) <= MAX_HEIGHT);
      await page.screenshot({ path: path.join(SHOTS, `first-screen-laptop-${lang}.png`) });
    });
  });
}
