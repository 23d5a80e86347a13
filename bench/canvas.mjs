// The canvas as a user meets it: a 7 drawn six times with real pointer events, the page's own
// reading latency (stroke → probabilities shown, `data-latency-p50`/`-p95`) with the "inside the
// network" view folded (probabilities only) and open (every layer's maps painted too), each in a
// fresh tab, alternating; with `train` (a query, e.g. `workers=2`), while the CPU trains a full
// run in the same tab. Numbers, not a test.
import { launch, waitReady } from '../tests/e2e/harness.mjs';

export async function canvasLatency(siteUrl, rounds = 2, train = null) {
  const browser = await launch({ webgpu: false });
  const out = { folded: [], open: [] };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const view of ['folded', 'open']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
        await page.goto(siteUrl + '?backend=cpu&nosw' + (train ? `&${train}&autostart=1` : ''));
        await waitReady(page);
        if (train) {
          await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.batch) >= 2, null, { timeout: 300_000 });
        } else {
          await page.waitForFunction(() => document.querySelector('[data-testid="model-source"]')?.dataset.source === 'pretrained');
        }
        if (view === 'folded') await page.click('[data-testid="inside"] summary');
        const box = await page.locator('[data-testid="canvas"]').boundingBox();
        for (let k = 0; k < 6; k++) {
          const pts = [[0.15, 0.1], [0.85, 0.1], [0.4, 0.95]].map(([u, v]) => [box.x + 40 + u * 180, box.y + 40 + v * 180]);
          await page.mouse.move(...pts[0]);
          await page.mouse.down();
          for (const p of pts.slice(1)) await page.mouse.move(...p, { steps: 15 });
          await page.mouse.up();
          await page.waitForTimeout(400);
          await page.click('[data-testid="clear"]');
        }
        const p = page.locator('[data-testid="prediction"]');
        out[view].push({ p50: Number(await p.getAttribute('data-latency-p50')), p95: Number(await p.getAttribute('data-latency-p95')) });
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
