// The peer: the same network (SPEC "The network", 121,514 parameters) trained by TensorFlow.js
// with Adam(1e-3) on batches of 64, one warm-up batch, then N timed batches, each waited for
// (trainOnBatch resolves with the loss). Inputs are random images in [0, 1] with random labels:
// the arithmetic per batch is the same as with MNIST.
const medianOf = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

(async () => {
  const out = document.getElementById('result');
  const q = new URLSearchParams(location.search);
  const backend = q.get('backend') || 'webgl';
  const batches = Number(q.get('batches') || 5);
  try {
    if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
    await tf.ready();
    const model = tf.sequential();
    const conv = (filters, extra = {}) => tf.layers.conv2d({ filters, kernelSize: 5, padding: 'same', activation: 'relu', ...extra });
    model.add(conv(16, { inputShape: [28, 28, 1] }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(32));
    model.add(conv(32));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(conv(64));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10 }));
    model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) });
    const x = tf.randomUniform([64, 28, 28, 1]);
    const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
    const losses = [];
    losses.push(await model.trainOnBatch(x, y)); // warm-up: shader compilation
    // What a step asks of the GPU (gpu-watch.js hooks WebGPU before TF.js creates its device),
    // and the host's time to encode it: from the step's start until its loss read-back is requested.
    const counts = () => (self.mnistGpuCounts ? self.mnistGpuCounts() : null);
    const before = counts();
    const times = [], host = [];
    for (let i = 0; i < batches; i++) {
      const t = performance.now();
      losses.push(await model.trainOnBatch(x, y));
      times.push(performance.now() - t);
      if (before) host.push(counts().last_readback_ms - t);
    }
    const after = counts();
    const per = {};
    if (backend === 'webgpu' && before) for (const k of Object.keys(before)) if (k !== 'last_readback_ms') per[k] = (after[k] - before[k]) / batches;
    const sorted = [...times].sort((a, b) => a - b);
    const median = medianOf(times);
    out.textContent = JSON.stringify({
      peer: 'tfjs ' + tf.version.tfjs, backend, params: model.countParams(), batch: 64, batches,
      median_ms: median, min_ms: sorted[0], max_ms: sorted.at(-1), images_per_sec: 64 * 1000 / median,
      first_loss: losses[0], last_loss: losses.at(-1),
      ...(backend === 'webgpu' && before ? {
        dispatches_per_step: per.dispatches, passes_per_step: per.passes, submits_per_step: per.submits,
        creations_per_step: per.buffers + per.bind_groups + per.pipelines, readbacks_per_step: per.readbacks,
        host_ms_per_step: medianOf(host), counts_per_step: per,
      } : {}),
    });
    out.dataset.state = 'done';
  } catch (e) {
    out.textContent = JSON.stringify({ peer: 'tfjs', backend, error: String(e && e.message || e) });
    out.dataset.state = 'error';
  }
})();
