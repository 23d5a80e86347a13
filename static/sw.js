// Offline copy of the app and the MNIST data, one build at a time. BUILD is stamped by
// scripts/stamp-build.mjs (a hash of the build's files), so every release is a new service worker
// with its own cache: it precaches the whole build at install and serves the page and its workers
// from that cache only (cache first), so a tab never runs an old page with a new worker. A newer
// build installs beside it and waits: the page takes it at once while loading, or offers a reload
// while a run trains (static/start.js, bindings.js); once it takes over, older caches are deleted.
// The data files are not part of a build: the training worker puts the bytes it downloaded into
// DATA_CACHE (src/web/download.rs), read here first. Storage refused or full: the page is told
// (a 'storage-refused' message) and works from the network.
const BUILD = 'dev';
const CACHE = `mnist-web-${BUILD}`;
const DATA_CACHE = 'mnist-data-v1'; // the same name in src/web/download.rs
const FILES = ['./', 'start.js', 'mnist-web.js', 'mnist-web_bg.wasm', 'worker_loader.js', 'worker.js', 'worker_bg.wasm',
  'bindings.js', 'gpu-watch.js', 'style.css', 'favicon.svg', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png',
  'weights/pretrained.safetensors'];

async function refused(e) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) {
    c.postMessage({ type: 'storage-refused', why: `${e && e.name ? e.name + ': ' : ''}${(e && e.message) || e}` });
  }
}

self.addEventListener('install', (event) => {
  // Storage refused: install anyway (the page works from the network) and say so. Any other
  // failure (a file missing mid-deploy) fails the install: the build in use stays.
  event.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
    .catch((e) => {
      if (e && e.name === 'QuotaExceededError') return refused(e);
      throw e;
    }));
});

self.addEventListener('message', (event) => {
  if (event.data === 'take-over') self.skipWaiting();
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
  // Pages are kept under the scope's URL, whatever their query (?epochs=…).
  const key = req.mode === 'navigate' ? self.registration.scope : req;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key, { ignoreSearch: req.mode === 'navigate' }).then((hit) => hit
    || fetch(req).then((res) => {
      if (res.ok) cache.put(key, res.clone()).catch(refused);
      return res;
    }))));
});
