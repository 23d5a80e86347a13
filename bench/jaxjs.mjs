// The second peer: the same network (SPEC "The network", 121,514 parameters; or any network of
// convolutions, pools and dense layers in this app's text form) trained by jax-js
// (npm @jax-js/jax 0.1.25, the library behind jax-js.com/mnist) at its best: the whole step —
// forward, backward (valueAndGrad) and Adam(1e-3) written in its ops — inside one `jit`, which
// fuses what it can into few kernels. Batches of 64, one warm-up batch (tracing and shader
// compilation), then N timed batches, each waited for by reading its loss. Inputs are random images
// in [0, 1] with random labels: the arithmetic per batch is the same as with MNIST.
// `run(jax, backend, batches, counts, net)` is shared by the page (bench/jaxjs.html, where `counts` reads
// static/gpu-watch.js's WebGPU counters) and Node (wasm only: `node bench/jaxjs-node.mjs`).
const B1 = 0.9, B2 = 0.999, EPS = 1e-8, LR = 1e-3, BATCH = 64;

const medianOf = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// The network from this app's text form (`c16k5-p-c32k5-c32k5-p-c64k5`, the tutorial's):
// convolutions ("same", bias, ReLU), 2×2 max-pools and dense layers (ReLU), then the classifier.
// [name, shape, fan-in] of every parameter, PyTorch's default initialisation bounds, and the layers.
export function layout(text) {
  const params = [], layers = [];
  let [c, side, flat] = [1, 28, null];
  for (const [i, t] of text.split('-').entries()) {
    let m;
    if ((m = /^c(\d+)k([357])$/.exec(t)) && flat === null) {
      const [o, k] = [Number(m[1]), Number(m[2])];
      params.push([`w${i}`, [o, c, k, k], c * k * k], [`b${i}`, [o, 1, 1], c * k * k]);
      layers.push({ kind: 'conv', w: `w${i}`, b: `b${i}` });
      c = o;
    } else if (t === 'p' && flat === null) {
      layers.push({ kind: 'pool' });
      side = Math.floor(side / 2);
    } else if ((m = /^l(\d+)$/.exec(t))) {
      const n = flat ?? c * side * side;
      params.push([`w${i}`, [n, Number(m[1])], n], [`b${i}`, [Number(m[1])], n]);
      layers.push({ kind: 'dense', w: `w${i}`, b: `b${i}`, from: flat === null ? n : null });
      flat = Number(m[1]);
    } else throw new Error(`layer ${i + 1}, ${t}: not in this benchmark (conv, pool and dense layers)`);
  }
  const n = flat ?? c * side * side;
  params.push(['wout', [n, 10], n], ['bout', [10], n]);
  layers.push({ kind: 'dense', w: 'wout', b: 'bout', from: flat === null ? n : null, last: true });
  return { params, layers };
}

export async function run(jax, backend, batches, counts = () => null, net = 'c16k5-p-c32k5-c32k5-p-c64k5') {
  const { numpy: np, lax, nn, random, jit, valueAndGrad, tree } = jax;
  const devices = await jax.init(backend);
  if (!devices.includes(backend)) throw new Error(`backend ${backend} is not available`);
  jax.defaultDevice(backend);

  const { params: LAYOUT, layers } = layout(net);
  const keys = random.split(random.key(42), LAYOUT.length);
  const params = {};
  LAYOUT.forEach(([name, shape, fanIn], i) => {
    const bound = 1 / Math.sqrt(fanIn);
    params[name] = random.uniform(keys.ref.slice(i), shape, { minval: -bound, maxval: bound });
  });
  keys.dispose();
  const count = LAYOUT.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);

  const loss = (p, x, y) => {
    let h = x; // [B, 1, 28, 28]
    for (const l of layers) {
      if (l.kind === 'conv') h = nn.relu(lax.convGeneralDilated(h, p[l.w], [1, 1], 'SAME').add(p[l.b])); // [B, O, S, S]
      else if (l.kind === 'pool') h = lax.reduceWindow(h, np.max, [2, 2], [2, 2]); // [B, C, S/2, S/2]
      else {
        if (l.from !== null) h = h.reshape([-1, l.from]); // [B, C, S, S] -> [B, C·S·S]
        h = np.dot(h, p[l.w]).add(p[l.b]); // [B, in] · [in, out]
        if (!l.last) h = nn.relu(h);
      }
    }
    return nn.logSoftmax(h).mul(nn.oneHot(y, 10)).sum().mul(-1 / BATCH);
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
    peer: 'jax-js 0.1.25 (one jit per step)', backend, net, params: count, batch: BATCH, batches,
    median_ms: median, min_ms: sorted[0], max_ms: sorted.at(-1), images_per_sec: BATCH * 1000 / median,
    first_loss: losses[0], last_loss: losses.at(-1),
    ...(backend === 'webgpu' && before ? {
      dispatches_per_step: per.dispatches, passes_per_step: per.passes, submits_per_step: per.submits,
      creations_per_step: per.buffers + per.bind_groups + per.pipelines, readbacks_per_step: per.readbacks,
      host_ms_per_step: medianOf(host), counts_per_step: per,
    } : {}),
  };
}
