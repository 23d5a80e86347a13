// Starts the app (instead of an inline script, so that a strict Content-Security-Policy needs
// no hashes or 'unsafe-inline'). Relative URLs: works under any sub-path.
import init from './mnist-web.js';
await init({ module_or_path: new URL('./mnist-web_bg.wasm', import.meta.url) });
