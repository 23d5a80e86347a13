// Offline copy of the app and the MNIST data: after the first visit the page (the wasm, the
// pretrained weights, the four data files) works without a network. App files are precached at
// install and then fetched network-first (an update shows at once when online). The data files
// are NOT fetched again here: the training worker puts the bytes it downloaded into DATA_CACHE
// (src/web/download.rs), so a first visit downloads each once, whatever the host's caching headers;
// later they come from that cache first. The page's "Clear offline copy" button deletes it all.
const CACHE = 'mnist-web-v3';
const DATA_CACHE = 'mnist-data-v1'; // the same name in src/web/download.rs
const FILES = ['./', 'start.js', 'mnist-web.js', 'mnist-web_bg.wasm', 'worker_loader.js', 'worker.js', 'worker_bg.wasm',
  'helpers.js', 'gpu-watch.js', 'style.css', 'favicon.svg', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png',
  'weights/pretrained.safetensors'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE && k !== DATA_CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname.includes('/data/')) {
    event.respondWith(caches.open(DATA_CACHE).then((c) => c.match(req)).then((hit) => hit || fetch(req)));
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
