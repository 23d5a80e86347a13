// End-to-end: dist/ as a static site anywhere — under a sub-path, behind a strict
// Content-Security-Policy, with no request leaving its origin — and on a phone with touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launch, openPage, text, attr, waitReady, waitDone, assertAccuracyMatchesMatrix, withBrowser, withServer } from './harness.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
  + "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

test('under a sub-path with a strict CSP: loads, trains, reads the canvas; no violations, no foreign requests', { timeout: 240_000 }, async () => {
  await withServer(startSite('/apps/mnist/', { 'Content-Security-Policy': CSP }), (site) => withBrowser({ webgpu: false }, async (browser) => {
    const requests = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('request', (r) => requests.push(r.url()));
    page.on('worker', (w) => w.on('console', (m) => logs.push(`worker ${m.type()}: ${m.text()}`)));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(site.url + '?backend=cpu&epochs=1&train_images=128&test_images=100&autostart=1');
    await waitReady(page);
    await waitDone(page, 120_000);
    assert.match(await text(page, 'data-status'), /60,000 training/);
    await assertAccuracyMatchesMatrix(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'trained', null, { timeout: 30_000 });
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations, [], violations.join('\n'));
    const refused = logs.filter((l) => /Content Security Policy|Refused to/i.test(l));
    assert.deepEqual(refused, [], refused.join('\n'));
    const origin = new URL(site.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin + '/apps/mnist/') && !/^(data|blob):/.test(u));
    assert.deepEqual(foreign, [], `requests outside the site's folder: ${foreign.join(', ')}`);
    assert.ok(requests.some((u) => u.endsWith('/apps/mnist/worker_bg.wasm')));
  }));
});

test('on a phone-sized screen: no sideways scrolling, touch drawing is read, keyboard starts training', { timeout: 240_000 }, async () => {
  await withServer(startSite(), (site) => withBrowser({ webgpu: false }, async (browser) => {
    const { page } = await openPage(browser, site.url + '?backend=cpu&epochs=1&train_images=128&test_images=100',
      { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await waitReady(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide on a 390 px screen`);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 30_000 });
    // The Draw link brings the canvas into view; a finger draws a 1 there: touch events through
    // the DevTools protocol (touchstart, moves, end).
    await page.tap('[data-testid="sections"] a[data-section="draw"]');
    await page.waitForFunction(() => document.getElementById('draw').getBoundingClientRect().top < 100);
    const scrolled = await page.evaluate(() => window.scrollY);
    const box = await page.locator('[data-testid="canvas"]').boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const at = (x, y) => [{ x: box.x + x * box.width, y: box.y + y * box.height, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.48, 0.12) });
    for (let i = 1; i <= 12; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.48 + 0.04 * i / 12, 0.12 + 0.76 * i / 12) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForFunction(() => document.querySelector('[data-testid="prediction"]')?.textContent === '1', null, { timeout: 20_000 });
    // The canvas stays where the finger is (the page may scroll only to keep it there while a
    // line above it changes, e.g. the offline copy's, which the browser's scroll anchoring does).
    const after = await page.locator('[data-testid="canvas"]').boundingBox();
    assert.ok(Math.abs(after.y - box.y) < 1, `drawing does not move the canvas (${box.y} → ${after.y}; scrolled ${scrolled} → ${await page.evaluate(() => window.scrollY)})`);
    // Keyboard: focus Start and press Enter.
    await page.focus('[data-testid="train-start"]');
    await page.keyboard.press('Enter');
    await waitDone(page, 120_000);
    assert.equal(await attr(page, 'progress', 'data-batch'), '2');
    // Every control has a name a screen reader can read.
    const unnamed = await page.$$eval('input, select, button, canvas[data-testid="canvas"]', (els) => els
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, []);
  }));
});

test('after the first visit the app and the data work offline; the copy can be cleared', { timeout: 240_000 }, async () => {
  await withServer(startSite('/offline/'), (site) => withBrowser({ webgpu: false }, async (browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(site.url + '?backend=cpu');
    await waitReady(page);
    // The service worker copies the app (15 files), the worker the four data files.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="cache-status"]')?.dataset.files) >= 19, null, { timeout: 120_000 });
    assert.match(await text(page, 'cache-status'), /Offline copy: the app \(\d+ files, [\d.]+ MB\) and the MNIST data \(4 files, [\d.]+ MB\)/);
    await context.setOffline(true);
    await page.reload();
    await waitReady(page, 60_000);
    assert.match(await text(page, 'data-status'), /60,000 training and 10,000 test images/);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.textContent === 'pretrained', null, { timeout: 30_000 });
    await context.setOffline(false);
    await page.click('[data-testid="clear-cache"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="cache-status"]')?.dataset.files === '0', null, { timeout: 30_000 });
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  }));
});
