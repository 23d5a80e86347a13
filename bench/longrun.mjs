// A long run in one tab (a measurement, not a test): full-data training in headless Chromium,
// a long pause in the middle, and the worker's wasm memory after every epoch.
// Usage: node bench/longrun.mjs [epochs=2] [pause_s=120] [backend=cpu] [extra query, e.g.
// train_images=6400] [pause at batch=469]
import { startSite, launch, waitReady } from '../tests/e2e/harness.mjs';

const [epochs = 2, pauseS = 120, backend = 'cpu', extra = '', pauseAt = 469] = process.argv.slice(2);
const site = await startSite();
const browser = await launch({ webgpu: backend === 'webgpu' });
const page = await browser.newPage();
await page.goto(`${site.url}?backend=${backend}&epochs=${epochs}&autostart=1&nosw${extra ? '&' + extra : ''}`);
await waitReady(page);
const t0 = Date.now();
const read = () => page.evaluate(() => {
  const p = document.querySelector('[data-testid="progress"]');
  return { batch: Number(p?.dataset.batch), epoch: Number(p?.dataset.epoch), done: p?.dataset.done === 'true', mb: Number(p?.dataset.memoryMb), acc: document.querySelector('[data-testid="test-accuracy"]')?.textContent };
});
let paused = false, lastEpoch = 0;
for (;;) {
  const s = await read();
  if (s.epoch !== lastEpoch) { console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s: epoch ${s.epoch}, batch ${s.batch}, wasm memory ${s.mb} MB, test accuracy ${s.acc}%`); lastEpoch = s.epoch; }
  if (!paused && s.batch >= Number(pauseAt)) {
    paused = true;
    await page.click('[data-testid="train-pause"]');
    console.log(`paused at batch ${s.batch} for ${pauseS} s (memory ${s.mb} MB)`);
    await page.waitForTimeout(pauseS * 1000);
    await page.click('[data-testid="train-pause"]');
    console.log(`resumed; memory ${(await read()).mb} MB`);
  }
  if (s.done) { console.log(`done: ${JSON.stringify(s)} in ${((Date.now() - t0) / 1000).toFixed(0)} s; errors: "${await page.locator('[data-testid="error"]').textContent()}"`); break; }
  await page.waitForTimeout(2000);
}
await browser.close();
site.server.close();
