// Starts the app (instead of an inline script, so that a strict Content-Security-Policy needs
// no hashes or 'unsafe-inline'), then registers the service worker that keeps an offline copy.
// Relative URLs: works under any sub-path.
import init from './mnist-web.js';
await init({ module_or_path: new URL('./mnist-web_bg.wasm', import.meta.url) });
if ('serviceWorker' in navigator && !new URLSearchParams(location.search).has('nosw')) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch((e) => console.warn('no offline copy:', e));
}
