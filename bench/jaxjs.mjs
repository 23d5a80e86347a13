// The second peer: the same network (SPEC "The network", 121,514 parameters) trained by jax-js
// (npm @jax-js/jax 0.1.25, the library behind jax-js.com/mnist) at its best: the whole step —
// forward, backward (valueAndGrad) and Adam(1e-3) written in its ops — inside one `jit`, which
// fuses what it can into few kernels. Batches of 64, one warm-up batch (tracing and shader
// compilation), then N timed batches, each waited for by reading its loss. Inputs are random images
// in [0, 1] with random labels: the arithmetic per batch is the same as with MNIST.
// `run(jax, backend, batches, counts)` is shared by the page (bench/jaxjs.html, where `counts` reads
// static/gpu-watch.js's WebGPU counters) and Node (wasm only: `node bench/jaxjs-node.mjs`).
const B1 = 0.9, B2 = 0.999, EPS = 1e-8, LR = 1e-3, BATCH = 64;

const medianOf = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// [name, shape, fan-in] in the tutorial's order; PyTorch's default initialisation bounds.
const LAYOUT = [
  ['c1w', [16, 1, 5, 5], 25], ['c1b', [16, 1, 1], 25],
  ['c2w', [32, 16, 5, 5], 400], ['c2b', [32, 1, 1], 400],
  ['c3w', [32, 32, 5, 5], 800], ['c3b', [32, 1, 1], 800],
  ['c4w', [64, 32, 5, 5], 800], ['c4b', [64, 1, 1], 800],
  ['fw', [3136, 10], 3136], ['fb', [10], 3136],
];

export async function run(jax, backend, batches, counts = () => null) {
  const { numpy: np, lax, nn, random, jit, valueAndGrad, tree } = jax;
  const devices = await jax.init(backend);
  if (!devices.includes(backend)) throw new Error(`backend ${backend} is not available`);
  jax.defaultDevice(backend);

  const keys = random.split(random.key(42), LAYOUT.length);
  const params = {};
  LAYOUT.forEach(([name, shape, fanIn], i) => {
    const bound = 1 / Math.sqrt(fanIn);
    params[name] = random.uniform(keys.ref.slice(i), shape, { minval: -bound, maxval: bound });
  });
  keys.dispose();
  const count = LAYOUT.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);

  const convRelu = (x, w, b) => nn.relu(lax.convGeneralDilated(x, w, [1, 1], 'SAME').add(b));
  const pool = (x) => lax.reduceWindow(x, np.max, [2, 2], [2, 2]);
  const loss = (p, x, y) => {
    let h = convRelu(x, p.c1w, p.c1b); // [B, 16, 28, 28]
    h = pool(h); // [B, 16, 14, 14]
    h = convRelu(h, p.c2w, p.c2b); // [B, 32, 14, 14]
    h = convRelu(h, p.c3w, p.c3b);
    h = pool(h); // [B, 32, 7, 7]
    h = convRelu(h, p.c4w, p.c4b); // [B, 64, 7, 7]
    const logits = np.dot(h.reshape([-1, 3136]), p.fw).add(p.fb); // [B, 3136] · [3136, 10]
    return nn.logSoftmax(logits).mul(nn.oneHot(y, 10)).sum().mul(-1 / BATCH);
  };
  // One whole step; `lr_t` = LR·√(1−β₂ᵗ)/(1−β₁ᵗ) is an array so that the step is traced once.
  const step = jit((p, m, v, lrT, x, y) => {
    const [value, g] = valueAndGrad(loss)(tree.ref(p), x, y);
    const out = { p: {}, m: {}, v: {} };
    for (const [k] of LAYOUT) {
      const gk = g[k];
      out.m[k] = m[k].mul(B1).add(gk.ref.mul(1 - B1));
      out.v[k] = v[k].mul(B2).add(gk.ref.mul(gk).mul(1 - B2));
      out.p[k] = p[k].sub(out.m[k].ref.mul(lrT.ref).div(np.sqrt(out.v[k].ref).add(EPS)));
    }
    lrT.dispose();
    return [value, out.p, out.m, out.v];
  });

  let p = params;
  let m = tree.map((a) => np.zerosLike(a), tree.ref(p));
  let v = tree.map((a) => np.zerosLike(a), tree.ref(p));
  const x = random.uniform(random.key(1), [BATCH, 1, 28, 28]);
  const y = np.array(Array.from({ length: BATCH }, (_, i) => (i * 7 + 3) % 10), { dtype: np.int32 });
  let t = 0;
  const oneStep = async () => {
    t += 1;
    const lrT = np.array(LR * Math.sqrt(1 - B2 ** t) / (1 - B1 ** t));
    let value;
    [value, p, m, v] = step(p, m, v, lrT, x.ref, y.ref);
    return await value.jsAsync();
  };
  const losses = [await oneStep()]; // warm-up: tracing and shader compilation
  // What a step asks of the GPU, and the host's time to encode it (until its loss read-back).
  const before = counts();
  const times = [], host = [];
  for (let i = 0; i < batches; i++) {
    const start = performance.now();
    losses.push(await oneStep());
    times.push(performance.now() - start);
    if (before) host.push(counts().last_readback_ms - start);
  }
  const after = counts();
  const per = {};
  if (backend === 'webgpu' && before) for (const k of Object.keys(before)) if (k !== 'last_readback_ms') per[k] = (after[k] - before[k]) / batches;
  tree.dispose([p, m, v, x, y]);
  const sorted = [...times].sort((a, b) => a - b);
  const median = medianOf(times);
  return {
    peer: 'jax-js 0.1.25 (one jit per step)', backend, params: count, batch: BATCH, batches,
    median_ms: median, min_ms: sorted[0], max_ms: sorted.at(-1), images_per_sec: BATCH * 1000 / median,
    first_loss: losses[0], last_loss: losses.at(-1),
    ...(backend === 'webgpu' && before ? {
      dispatches_per_step: per.dispatches, passes_per_step: per.passes, submits_per_step: per.submits,
      creations_per_step: per.buffers + per.bind_groups + per.pipelines, readbacks_per_step: per.readbacks,
      host_ms_per_step: medianOf(host), counts_per_step: per,
    } : {}),
  };
}
