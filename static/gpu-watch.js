// Loaded by the training worker (importScripts) before burn asks for a WebGPU device, and by the
// TF.js benchmark page before TF.js does. A plain file: no eval, works under a strict CSP.
//
// 1. Counts what the page asks of the GPU: every WebGPU call that costs the host time per step
//    (dispatches, passes, submits, creations, read-backs, writes), plus the time of the last
//    read-back request; `self.mnistGpuCounts()` returns a snapshot (the benchmarks difference two).
// 2. `mnistWatchGpu(onLost)` keeps the device (self.__mnistGpuDevice, which tests destroy to
//    simulate a GPU fault) and reports its loss.
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

self.mnistWatchGpu = (onLost) => {
  if (typeof GPUAdapter === 'undefined' || GPUAdapter.prototype.__mnistWatched) return;
  const request = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await request.apply(this, args);
    self.__mnistGpuDevice = device;
    device.lost.then((info) => onLost(`${info.reason || 'unknown reason'}${info.message ? ': ' + info.message : ''}`));
    return device;
  };
  GPUAdapter.prototype.__mnistWatched = true;
};
