// Loaded by the training worker (importScripts) before burn asks for a WebGPU device, and by the
// TF.js benchmark page before TF.js does. A plain file: no eval, works under a strict CSP.
//
// 1. Counts what the page asks of the GPU: every WebGPU call that costs the host time per step
//    (dispatches, passes, submits, creations, read-backs, writes), plus the time of the last
//    read-back request; `self.mnistGpuCounts()` returns a snapshot (the benchmarks difference two).
// 2. `mnistWatchGpu(onLost, keep)` reports the device's loss; with `keep` (the page's
//    `test_hooks=1`, for browser tests only) it keeps the device as self.__mnistGpuDevice, which
//    tests destroy to simulate a GPU fault.
(() => {
  if (typeof GPUDevice === 'undefined' || self.mnistGpuCounts) return;
  const c = {
    dispatches: 0, passes: 0, submits: 0, command_buffers: 0, buffers: 0, bind_groups: 0,
    pipelines: 0, readbacks: 0, writes: 0, last_readback_ms: 0,
  };
  const count = (proto, name, on) => {
    const original = proto && proto[name];
    if (typeof original !== 'function') return;
    proto[name] = function (...args) {
      on(args);
      return original.apply(this, args);
    };
  };
  count(self.GPUComputePassEncoder?.prototype, 'dispatchWorkgroups', () => c.dispatches++);
  count(self.GPUComputePassEncoder?.prototype, 'dispatchWorkgroupsIndirect', () => c.dispatches++);
  count(self.GPUCommandEncoder?.prototype, 'beginComputePass', () => c.passes++);
  count(self.GPUQueue?.prototype, 'submit', ([buffers]) => { c.submits++; c.command_buffers += buffers?.length ?? 0; });
  count(self.GPUQueue?.prototype, 'writeBuffer', () => c.writes++);
  count(self.GPUDevice?.prototype, 'createBuffer', () => c.buffers++);
  count(self.GPUDevice?.prototype, 'createBindGroup', () => c.bind_groups++);
  count(self.GPUDevice?.prototype, 'createComputePipeline', () => c.pipelines++);
  count(self.GPUDevice?.prototype, 'createComputePipelineAsync', () => c.pipelines++);
  count(self.GPUBuffer?.prototype, 'mapAsync', () => { c.readbacks++; c.last_readback_ms = performance.now(); });
  self.mnistGpuCounts = () => ({ ...c });
})();

self.mnistWatchGpu = (onLost, keep) => {
  if (typeof GPUAdapter === 'undefined' || GPUAdapter.prototype.__mnistWatched) return;
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await request.apply(this, args);
    if (keep) self.__mnistGpuDevice = device;
    device.lost.then((info) => onLost(`${info.reason || 'unknown reason'}${info.message ? ': ' + info.message : ''}`));
    return device;
  };
  GPUAdapter.prototype.__mnistWatched = true;
};

// `gpu=minimal`: every adapter offers WebGPU's default limits (the spec's table) and no optional
// features but timestamp-query (burn's WebGPU backend cannot run without it in a browser), and
// every device is requested with exactly those, so that the page trains as it would on the
// smallest GPU it can use (the browser enforces the limits on the real device).
self.mnistSmallestGpu = () => {
  if (typeof GPUAdapter === 'undefined' || GPUAdapter.prototype.__mnistSmallest) return;
  const KEPT = ['timestamp-query'];
  const DEFAULTS = {
    maxTextureDimension1D: 8192, maxTextureDimension2D: 8192, maxTextureDimension3D: 2048, maxTextureArrayLayers: 256,
    maxBindGroups: 4, maxBindGroupsPlusVertexBuffers: 24, maxBindingsPerBindGroup: 1000,
    maxDynamicUniformBuffersPerPipelineLayout: 8, maxDynamicStorageBuffersPerPipelineLayout: 4,
    maxSampledTexturesPerShaderStage: 16, maxSamplersPerShaderStage: 16, maxStorageBuffersPerShaderStage: 8,
    maxStorageTexturesPerShaderStage: 4, maxUniformBuffersPerShaderStage: 12, maxUniformBufferBindingSize: 65536,
    maxStorageBufferBindingSize: 134217728, minUniformBufferOffsetAlignment: 256, minStorageBufferOffsetAlignment: 256,
    maxVertexBuffers: 8, maxBufferSize: 268435456, maxVertexAttributes: 16, maxVertexBufferArrayStride: 2048,
    maxInterStageShaderVariables: 16, maxColorAttachments: 8, maxColorAttachmentBytesPerSample: 32,
    maxComputeWorkgroupStorageSize: 16384, maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256,
    maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupSizeZ: 64, maxComputeWorkgroupsPerDimension: 65535,
  };
  const limits = Object.getOwnPropertyDescriptor(GPUAdapter.prototype, 'limits').get;
  Object.defineProperty(GPUAdapter.prototype, 'limits', {
    get() {
      const real = limits.call(this);
      return new Proxy(real, { get: (t, k) => (k in DEFAULTS ? DEFAULTS[k] : Reflect.get(t, k)) });
    },
  });
  const features = Object.getOwnPropertyDescriptor(GPUAdapter.prototype, 'features').get;
  Object.defineProperty(GPUAdapter.prototype, 'features', {
    get() {
      return new Set(KEPT.filter((f) => features.call(this).has(f)));
    },
  });
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = function (desc = {}) {
    const requiredFeatures = [...(desc.requiredFeatures || [])].filter((f) => KEPT.includes(f));
    return request.call(this, { ...desc, requiredFeatures, requiredLimits: {} });
  };
  GPUAdapter.prototype.__mnistSmallest = true;
};
