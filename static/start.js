// Starts the app (instead of an inline script, so that a strict Content-Security-Policy needs
// no hashes or 'unsafe-inline'), then registers the service worker that keeps an offline copy of
// this build and watches for a newer one (static/sw.js). Relative URLs: works under any sub-path.
import init from './mnist-web.js';
await init({ module_or_path: new URL('./mnist-web_bg.wasm', import.meta.url) });
if ('serviceWorker' in navigator && !new URLSearchParams(location.search).has('nosw')) {
  const sw = navigator.serviceWorker;
  sw.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'storage-refused') window.mnistBindings.offlineRefused(e.data.why);
  });
  sw.startMessages();
  // The training worker could not keep the data files (src/web/download.rs).
  if ('BroadcastChannel' in self) new BroadcastChannel('mnist-web-storage').onmessage = (e) => window.mnistBindings.offlineRefused(e.data);
  // Another tab let a newer build take over: reload into it unless a run trains here.
  const had = sw.controller;
  sw.addEventListener('controllerchange', () => {
    if (had) window.mnistBindings.updateWaiting(null);
  });
  try {
    const reg = await sw.register(new URL('./sw.js', import.meta.url));
    const installed = (w) => { if (w && sw.controller) window.mnistBindings.updateWaiting(w); };
    installed(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w.addEventListener('statechange', () => { if (w.state === 'installed') installed(w); });
    });
    // A tab left open looks for a new release now and then, and when it is looked at again.
    setInterval(() => reg.update().catch(() => {}), 30 * 60_000);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) reg.update().catch(() => {}); });
  } catch (e) {
    console.warn('no offline copy:', e);
  }
}
