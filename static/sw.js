// Offline copy of the app and the MNIST data: after the first visit the page (the wasm, the
// pretrained weights, the four data files) works without a network. App files are fetched
// network-first (an update shows at once when online); the data files never change, so they
// come from the cache first. The page's "Clear offline copy" button deletes it all.
const CACHE = 'mnist-web-v2';
const DATA = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const FILES = ['./', 'start.js', 'mnist-web.js', 'mnist-web_bg.wasm', 'worker_loader.js', 'worker.js', 'worker_bg.wasm',
  'helpers.js', 'gpu-watch.js', 'style.css', 'favicon.svg', 'weights/pretrained.safetensors',
  ...DATA.map((d) => `data/${d}.gz`)];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.includes('/data/')) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
    return;
  }
  // Pages are kept under the scope's URL, whatever their query (?epochs=…), so that the copy
  // does not grow with every link.
  const key = req.mode === 'navigate' ? self.registration.scope : req;
  event.respondWith(fetch(req).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(key, copy));
    }
    return res;
  }).catch(() => caches.match(key, { ignoreSearch: true }).then((hit) => hit || Response.error())));
});
