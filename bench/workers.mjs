// The CPU path's ms/batch with 1, 2, … workers, alternating (1, 2, 1, 2, …) in one run so that
// the machine's drift hits both alike, then the canvas's latency (drawing, as a user does) idle
// and while a full run trains with 1 worker and with one per core:
// and, for the ceiling of the speed-up, two 1-worker pages training at once (what two busy cores
// cost each other here): `node bench/workers.mjs [rounds] [batches] [workers,…]`. Numbers, not a
// test; bench/run.mjs prints the speed-up and the canvas figures once in its table.
import { startSite, launch, text } from '../tests/e2e/harness.mjs';
import { canvasLatency } from './canvas.mjs';

const [rounds = 3, batches = 20] = process.argv.slice(2, 4).map(Number);
const counts = (process.argv[4] || '1,2').split(',').map(Number);
const site = await startSite();
const ms = Object.fromEntries(counts.map((n) => [n, []]));
async function bench(browser, n, batches) {
  const page = await browser.newPage();
  await page.goto(`${site.url}?bench=train&backend=cpu&batches=${batches}&workers=${n}`);
  await page.waitForSelector('[data-testid="bench-result"]:is([data-state="done"], [data-state="error"])', { timeout: 590_000 });
  const res = JSON.parse(await text(page, 'bench-result'));
  await page.close();
  return res;
}
for (let r = 0; r < rounds; r++) {
  for (const n of counts) {
    const browser = await launch({ webgpu: false });
    try {
      const res = await bench(browser, n, batches);
      ms[n].push(res.median_ms);
      console.error(`# round ${r + 1}, ${n} workers (${res.workers} ran): ${res.median_ms.toFixed(1)} ms/batch, piped ${res.pipelined_images_per_sec.toFixed(0)} img/s`);
    } finally {
      await browser.close();
    }
  }
}
// Two pages, one worker each, at once (long enough that their timed batches overlap).
const pair = await (async () => {
  const browser = await launch({ webgpu: false });
  try {
    return (await Promise.all([bench(browser, 1, 3 * batches), bench(browser, 1, 3 * batches)])).map((r) => r.median_ms);
  } finally {
    await browser.close();
  }
})();
const canvas = {};
for (const [name, train] of [['idle', null], ['training, 1 worker', 'epochs=1&workers=1'], ['training, one worker per core', 'epochs=1&workers=0']]) {
  canvas[name] = (await canvasLatency(site.url, 1, train)).folded[0];
}
site.server.close();
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const n of counts) {
  console.log(`CPU, ${n} worker(s): median ${median(ms[n]).toFixed(1)} ms/batch (rounds: ${ms[n].map((v) => v.toFixed(0)).join(', ')}); ${(median(ms[counts[0]]) / median(ms[n])).toFixed(2)}× vs ${counts[0]}`);
}
console.log(`two 1-worker pages at once: ${pair.map((v) => v.toFixed(0)).join(' and ')} ms/batch (${(pair.reduce((a, b) => a + b) / 2 / median(ms[1])).toFixed(2)}× one alone: the most 2 workers can gain here is about ${(2 * median(ms[1]) / (pair[0] + pair[1]) * 2).toFixed(2)}×)`);
for (const [name, c] of Object.entries(canvas)) console.log(`canvas read while drawing, ${name}: p50 ${c.p50.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms`);
