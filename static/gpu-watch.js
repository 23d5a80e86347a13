// Loaded by the training worker (importScripts) before burn asks for a WebGPU device: keeps the
// device (self.__mnistGpuDevice, which tests destroy to simulate a GPU fault) and reports its
// loss to the Rust side. A plain file: no eval, works under a strict CSP.
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
