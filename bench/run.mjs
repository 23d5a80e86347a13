// One command, one table: this app's in-browser benchmarks (?bench=train|infer|load) in headless
// Chromium, the native benchmark of the same training code, wasm sizes, and the peers training the
// same network in the same browser (TF.js 4.22; jax-js 0.1.25 with the whole step in one jit).
// Numbers only; nothing here passes or fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { startSite, launch, DIST } from '../tests/e2e/harness.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { canvasLatency } from './canvas.mjs';

const env = (k, d) => Number(process.env[k] || d);
const BATCHES = env('BENCH_BATCHES', 10);
const TFJS_BATCHES = env('TFJS_BATCHES', 3);
const list = (k, d) => (process.env[k] ?? d).split(',').filter(Boolean);
const TFJS_BACKENDS = list('TFJS_BACKENDS', 'webgl,webgpu,cpu');
const JAXJS_BATCHES = env('JAXJS_BATCHES', 3);
// A backend, with a preset network after `&` (`webgpu&wide`; the tutorial's by default).
const JAXJS_BACKENDS = list('JAXJS_BACKENDS', 'webgpu,webgpu&wide,wasm');
// The presets' text forms, read from their one source (src/model/net.rs) for the jax-js peer.
const netRs = fs.readFileSync('src/model/net.rs', 'utf8');
const PRESETS = Object.fromEntries([...netRs.slice(netRs.indexOf('pub const PRESETS'), netRs.indexOf('];', netRs.indexOf('pub const PRESETS'))).matchAll(/\("(\w+)", "([\w.-]+)"\)/g)].map((m) => [m[1], m[2]]));
// Which of this app's measurements to run (all by default).
// `cpu&workers=N`: the CPU's batches shared by N workers (`cpu` alone: one per core, at most 8);
// `webgpu&net=wide`: the largest preset network (1.0 M parameters) beside the tutorial's.
const OURS = list('BENCH_OURS', 'webgpu,webgpu&net=wide,cpu&workers=1,cpu&workers=2,cpu');
// Natively: a backend, with a network after `&` (`wgpu&wide`).
const NATIVE = list('BENCH_NATIVE', 'cpu,wgpu,wgpu&wide');
const PAGES = list('BENCH_PAGES', 'infer,load');
const rows = [];
const add = (what, backend, r, note = '') => rows.push({ what, backend, ...r, note });
const perStep = []; // [column name, result] for the per-step table
// Where a step's time goes (this app's benchmark reports it; TF.js's does not).
const phases = (r) => (r.forward_ms === undefined ? '' : `step = forward ${r.forward_ms.toFixed(0)} + backward ${r.backward_ms.toFixed(0)} + optimiser ${r.optimizer_ms.toFixed(0)} ms; `);

async function pageResult(browser, url, testid, timeout, { reload = false } = {}) {
  const page = await browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    if (reload) { // measure the second visit: the browser's cache is warm
      await page.waitForSelector(`[data-testid="${testid}"][data-state="done"]`, { timeout });
      await page.reload({ waitUntil: 'commit' });
    }
    await page.waitForSelector(`[data-testid="${testid}"]:is([data-state="done"], [data-state="error"])`, { timeout });
    return JSON.parse(await page.locator(`[data-testid="${testid}"]`).textContent());
  } catch (e) {
    return { error: String(e.message || e).split('\n')[0] };
  } finally {
    await page.close();
  }
}

const site = await startSite();
const ours = async (webgpu, q, opts = {}) => {
  const browser = await launch({ webgpu });
  try { return await pageResult(browser, site.url + q, 'bench-result', 590_000, opts); } finally { await browser.close(); }
};

// This app in the browser.
// An entry may carry extra query, e.g. `webgpu&tasks_max=32` (burn's default submit batching).
for (const entry of OURS) {
  const [backend, ...extra] = entry.split('&');
  const r = await ours(backend === 'webgpu', `?bench=train&batches=${BATCHES}&backend=${backend}${extra.map((e) => '&' + e).join('')}`);
  console.error(`# ours ${entry}: ${JSON.stringify(r)}`);
  if (backend === 'webgpu') perStep.push([`this app, ${entry.replace('&', ' ')}`, r]);
  add(`train, this app (${BATCHES} batches)`, entry.replace("&", " "), r.error ? { error: r.error } : {
    ms: r.median_ms, min: r.min_ms, max: r.max_ms, ips: r.images_per_sec, piped: r.pipelined_images_per_sec,
  }, phases(r) + (r.adapter || ''));
}
if (PAGES.includes('infer')) {
  const infer = await ours(false, '?bench=infer&batches=200');
  add('canvas read (stroke → probabilities)', 'cpu worker', infer.error ? { error: infer.error } : { p50: infer.p50_ms, p95: infer.p95_ms });
  // The same run, alternate reads bringing every layer's maps (the open "inside" view).
  add('canvas read + every layer\'s maps', 'cpu worker', infer.error ? { error: infer.error } : { p50: infer.maps_p50_ms, p95: infer.maps_p95_ms });
  // On the page, drawing: what the user waits for, the maps painted or not (two tabs each).
  const drawn = await canvasLatency(site.url);
  const span = (list, k) => `${Math.min(...list.map((x) => x[k])).toFixed(1)}–${Math.max(...list.map((x) => x[k])).toFixed(1)}`;
  for (const [view, list] of Object.entries(drawn)) add(`canvas, drawing, inside view ${view}`, 'page', { p50: span(list, 'p50'), p95: span(list, 'p95') });
  // The same while the CPU trains a full run, with 1 worker and with one per core.
  for (const workers of ['1', '0']) {
    const busy = await canvasLatency(site.url, 1, `epochs=1&workers=${workers}`);
    for (const [view, list] of Object.entries(busy)) add(`canvas, drawing while training, ${view}`, `cpu ${workers === '0' ? 'N' : 1} wkr`, { p50: span(list, 'p50'), p95: span(list, 'p95') });
  }
}
if (PAGES.includes('load')) {
  const cold = await ours(false, '?bench=load');
  add('start-up, first visit (loopback)', '', cold.error ? { error: cold.error } : { wasm: cold.wasm_start_ms, ready: cold.model_ready_ms, data: cold.data_ms });
  const warm = await ours(false, '?bench=load', { reload: true });
  add('start-up, warm cache (reload)', '', warm.error ? { error: warm.error } : { wasm: warm.wasm_start_ms, ready: warm.model_ready_ms, data: warm.data_ms });
}

// The peer (`npm ci` in bench/ installs it; without it, or with TFJS_BACKENDS empty, it is left out).
const nm = path.resolve('bench/node_modules/@tensorflow');
const tfjs = TFJS_BACKENDS.length > 0 && fs.existsSync(path.join(nm, 'tfjs/dist/tf.min.js'));
if (TFJS_BACKENDS.length > 0 && !tfjs) console.error('# TF.js left out: run `npm ci` in bench/ first');
const tfDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-bench-'));
if (tfjs) {
  fs.copyFileSync(path.join(nm, 'tfjs/dist/tf.min.js'), path.join(tfDir, 'tf.min.js'));
  fs.copyFileSync(path.join(nm, 'tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'), path.join(tfDir, 'tf-backend-webgpu.min.js'));
  for (const f of ['tfjs.html', 'tfjs.js']) fs.copyFileSync(path.resolve('bench', f), path.join(tfDir, f));
  fs.copyFileSync(path.resolve('static/gpu-watch.js'), path.join(tfDir, 'gpu-watch.js'));
}
const peer = await serve(tfDir);
for (const backend of tfjs ? TFJS_BACKENDS : []) {
  const browser = await launch({ webgpu: true });
  try {
    const r = await pageResult(browser, `${peer.url}tfjs.html?backend=${backend}&batches=${TFJS_BATCHES}`, 'bench-result', 590_000);
    console.error(`# tfjs ${backend}: ${JSON.stringify(r)}`);
    if (backend === 'webgpu') perStep.push(['TF.js 4.22, webgpu', r]);
    add(`train, TF.js 4.22 (${TFJS_BATCHES} batches)`, backend, r.error ? { error: r.error } : { ms: r.median_ms, min: r.min_ms, max: r.max_ms, ips: r.images_per_sec });
  } finally { await browser.close(); }
}
peer.server.close();

// The second peer (`npm ci` in bench/ installs it too), served cross-origin isolated so that its
// Wasm backend may use threads (SharedArrayBuffer), as it would on a site set up for it.
const jaxDist = path.resolve('bench/node_modules/@jax-js/jax/dist');
const jaxjs = JAXJS_BACKENDS.length > 0 && fs.existsSync(path.join(jaxDist, 'index.js'));
if (JAXJS_BACKENDS.length > 0 && !jaxjs) console.error('# jax-js left out: run `npm ci` in bench/ first');
const jaxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaxjs-bench-'));
if (jaxjs) {
  fs.cpSync(jaxDist, path.join(jaxDir, 'jax'), { recursive: true });
  for (const f of ['jaxjs.html', 'jaxjs.mjs']) fs.copyFileSync(path.resolve('bench', f), path.join(jaxDir, f));
  fs.copyFileSync(path.resolve('static/gpu-watch.js'), path.join(jaxDir, 'gpu-watch.js'));
}
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const jaxPeer = await serve(jaxDir, { headers: isolated });
for (const entry of jaxjs ? JAXJS_BACKENDS : []) {
  const [backend, preset = 'tutorial'] = entry.split('&');
  const browser = await launch({ webgpu: true });
  try {
    // A preset's name, or any network in the text form (`webgpu&c8k3-c8k7-p-c16k5-c16k3-p-l32`).
    const r = await pageResult(browser, `${jaxPeer.url}jaxjs.html?backend=${backend}&batches=${JAXJS_BATCHES}&net=${PRESETS[preset] ?? preset}`, 'bench-result', 590_000);
    console.error(`# jax-js ${entry}: ${JSON.stringify(r)}`);
    if (entry === 'webgpu') perStep.push(['jax-js 0.1.25, webgpu', r]);
    add(`train, jax-js 0.1.25 (${JAXJS_BATCHES} batches)`, preset === 'tutorial' ? backend : `${backend} net=${preset}`, r.error ? { error: r.error } : { ms: r.median_ms, min: r.min_ms, max: r.max_ms, ips: r.images_per_sec },
      r.isolated === false ? 'not cross-origin isolated: one thread' : '');
  } finally { await browser.close(); }
}
jaxPeer.server.close();
site.server.close();

// The same training code natively (CPU; wgpu where a Vulkan driver exists, e.g. lavapipe here).
const bin = process.env.TRAIN_BIN || path.join(process.env.CARGO_TARGET_DIR || 'target', 'release/train');
for (const entry of NATIVE) {
  const [backend, net = 'tutorial'] = entry.split('&');
  try {
    const line = execFileSync(bin, ['--backend', backend, '--net', net, '--bench', String(BATCHES)], { encoding: 'utf8', timeout: 600_000 }).trim().split('\n').at(-1);
    const r = JSON.parse(line);
    if (backend === 'wgpu') perStep.push([`native, wgpu, ${net}`, r]);
    add(`train, native (${BATCHES} batches), ${net}`, backend, { ms: r.median_ms, min: r.min_ms, max: r.max_ms, ips: r.images_per_sec, piped: r.pipelined_images_per_sec }, phases(r) + r.adapter);
  } catch (e) {
    add(`train, native`, backend, { error: String(e.message || e).split('\n')[0] });
  }
}

// What one training step (its loss read back) asks of the GPU: counted by hooking WebGPU in the
// page's worker and in the TF.js page (static/gpu-watch.js); natively, cubecl's kernel launches.
function perStepTable() {
  const c = (r, k) => r.counts_per_step?.[k];
  const lines = [
    ['dispatches', (r) => r.dispatches_per_step], ['compute passes', (r) => r.passes_per_step],
    ['queue submits', (r) => r.submits_per_step], ['creations (buffers+bind groups+pipelines)', (r) => r.creations_per_step],
    ['  createBuffer', (r) => c(r, 'buffers')], ['  createBindGroup', (r) => c(r, 'bind_groups')],
    ['  createComputePipeline', (r) => c(r, 'pipelines')], ['readbacks (mapAsync)', (r) => r.readbacks_per_step],
    ['writeBuffer', (r) => c(r, 'writes')], ['host ms per step', (r) => r.host_ms_per_step],
  ];
  const width = Math.max(20, ...perStep.map(([n]) => n.length + 2));
  const out = [`\n${'per training step (batch 64)'.padEnd(44)}${perStep.map(([n]) => n.padStart(width)).join('')}`];
  for (const [name, get] of lines) {
    out.push(name.padEnd(44) + perStep.map(([, r]) => {
      const v = r.error ? undefined : get(r);
      return (v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toFixed(name.startsWith('host') ? 1 : 0)).padStart(width);
    }).join(''));
  }
  const ours = perStep.find(([n]) => n.startsWith('this app, webgpu'))?.[1];
  if (ours?.kernels_per_step?.length) {
    out.push(`kernels per step, this app: ${ours.kernels_per_step.map(([k, n]) => `${k} ×${Number(n).toFixed(1)}`).join(', ')}`);
  }
  return out.join('\n');
}

// wasm sizes: cargo's output (before wasm-bindgen and wasm-opt), the served file, gzipped.
const wasmDir = path.join(process.env.WASM_TARGET_DIR || 'target', 'wasm32-unknown-unknown/wasm-release');
const size = (f) => (fs.existsSync(f) ? fs.statSync(f).size : NaN);
const sizes = [['page', 'mnist-web'], ['worker', 'worker']].map(([name, bin]) => {
  const served = path.join(DIST, `${bin}_bg.wasm`);
  const gz = fs.existsSync(served) ? zlib.gzipSync(fs.readFileSync(served), { level: 9 }).length : NaN;
  return { name, raw: size(path.join(wasmDir, `${bin}.wasm`)), served: size(served), gz };
});

// The table.
const f = (v, d = 0) => (v === undefined || Number.isNaN(v) ? '' : Number(v).toFixed(d));
const best = (re) => Math.max(...rows.filter((r) => re.test(r.what) && r.ips).map((r) => r.ips), 0);
const tfBest = best(/TF\.js/);
const tfCpu = rows.find((r) => /TF\.js/.test(r.what) && r.backend === 'cpu')?.ips;
console.log(`\n${'what'.padEnd(40)}${'backend'.padEnd(12)}${'ms/batch'.padStart(10)}${'min'.padStart(9)}${'max'.padStart(9)}${'img/s'.padStart(9)}${'piped'.padStart(9)}  vs TF.js`);
for (const r of rows.filter((r) => /train/.test(r.what))) {
  const ratio = r.ips && tfBest ? `${(r.ips / tfBest).toFixed(2)}× best` + (tfCpu ? `, ${(r.ips / tfCpu).toFixed(2)}× cpu` : '') : '';
  console.log(`${r.what.padEnd(40)}${r.backend.padEnd(12)}${f(r.ms).padStart(10)}${f(r.min).padStart(9)}${f(r.max).padStart(9)}${f(r.ips, 1).padStart(9)}${f(r.piped, 1).padStart(9)}  ${r.error ? 'ERROR ' + r.error : ratio}  ${r.note}`);
}
for (const r of rows.filter((r) => !/train/.test(r.what))) {
  const figures = r.error ? `ERROR ${r.error}` : Object.entries(r).filter(([k]) => !['what', 'backend', 'note'].includes(k)).map(([k, v]) => `${k} ${typeof v === "string" ? v : f(v, 1)} ms`).join(', ');
  console.log(`${r.what.padEnd(40)}${r.backend.padEnd(12)}${figures}`);
}
// Against jax-js on the same adapter: WebGPU with WebGPU, this app's CPU workers with its Wasm.
const ips = (re, backend) => rows.find((r) => re.test(r.what) && r.backend === backend)?.ips;
const jaxNets = JAXJS_BACKENDS.map((e) => e.split('&')).filter(([b, net]) => b === 'webgpu' && net).map(([, net]) => `webgpu net=${net}`);
for (const [ourBackend, theirs] of [['webgpu', 'webgpu'], ...jaxNets.map((n) => [n, n]), ['cpu', 'wasm']]) {
  const [a, b] = [ips(/this app/, ourBackend), ips(/jax-js/, theirs)];
  if (a && b) console.log(`this app ${ourBackend} vs jax-js ${theirs}`.padEnd(51) + ` ${(a / b).toFixed(2)}× the images/s (${f(a, 1)} vs ${f(b, 1)})`);
}
// Data parallelism on the CPU: ms/batch with 1 worker over N workers.
const cpuMs = (w) => rows.find((r) => /this app/.test(r.what) && r.backend === `cpu${w}`)?.ms;
for (const [w, name] of [[' workers=2', '2 workers'], ['', 'one per core']]) {
  if (cpuMs(' workers=1') && cpuMs(w)) console.log(`${'CPU speed-up, ' + name}`.padEnd(52) + `${(cpuMs(' workers=1') / cpuMs(w)).toFixed(2)}× (${f(cpuMs(' workers=1'))} → ${f(cpuMs(w))} ms/batch)`);
}
for (const s of sizes) console.log(`${('wasm ' + s.name).padEnd(40)}${''.padEnd(12)}cargo ${f(s.raw / 1e6, 2)} MB → served ${f(s.served / 1e6, 2)} MB → gzip ${f(s.gz / 1e6, 2)} MB`);
console.log(perStepTable());
console.log(`\n(${os.cpus().length} cores, ${os.cpus()[0]?.model}; ms/batch = one batch of 64 waited for; piped = batches back to back, one read at the end)`);
