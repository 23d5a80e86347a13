// Browser helpers the Rust app calls through `window.mnistHelpers`: canvas drawing and reading,
// file download and upload, IndexedDB. A plain file (no inline or eval'd code, CSP-friendly).
(() => {
  const DB = 'mnist-web', STORE = 'models';
  function db() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  function tx(mode, fn) {
    return db().then((d) => new Promise((resolve, reject) => {
      const t = d.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
    }));
  }
  window.mnistHelpers = {
    // Paints all strokes (arrays [x0, y0, x1, y1, ...] in canvas pixels) white on black.
    paint(canvas, strokes, width) {
      const c = canvas.getContext('2d', { willReadFrequently: true });
      c.fillStyle = '#000';
      c.fillRect(0, 0, canvas.width, canvas.height);
      c.strokeStyle = '#fff';
      c.fillStyle = '#fff';
      c.lineWidth = width;
      c.lineCap = 'round';
      c.lineJoin = 'round';
      for (const s of strokes) {
        if (s.length === 2) {
          c.beginPath(); c.arc(s[0], s[1], width / 2, 0, 2 * Math.PI); c.fill();
          continue;
        }
        c.beginPath();
        c.moveTo(s[0], s[1]);
        for (let i = 2; i < s.length; i += 2) c.lineTo(s[i], s[i + 1]);
        c.stroke();
      }
    },
    // The canvas's ink: one byte per pixel (the red channel).
    ink(canvas) {
      const c = canvas.getContext('2d', { willReadFrequently: true });
      const rgba = c.getImageData(0, 0, canvas.width, canvas.height).data;
      const out = new Uint8Array(rgba.length / 4);
      for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i];
      return out;
    },
    // Shows a grey image (one byte per pixel) on a canvas of its size.
    grey(canvas, bytes) {
      const c = canvas.getContext('2d');
      const img = c.createImageData(canvas.width, canvas.height);
      for (let i = 0; i < bytes.length; i++) {
        img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = bytes[i];
        img.data[4 * i + 3] = 255;
      }
      c.putImageData(img, 0, 0);
    },
    download(bytes, name) {
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url; a.download = name;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    // The file chosen in an <input type=file> or dropped (a drag event) as { name, bytes }, or null.
    async readFile(source) {
      const files = source.dataTransfer ? source.dataTransfer.files : source.files;
      const f = files && files[0];
      return f ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : null;
    },
    // Replaces the settings' keys (comma-separated) in the address bar by the query `q`.
    setParams(keys, q) {
      const u = new URL(location.href);
      for (const k of keys.split(',')) u.searchParams.delete(k);
      for (const [k, v] of new URLSearchParams(q)) u.searchParams.set(k, v);
      if (u.href !== location.href) history.replaceState(history.state, '', u);
    },
    // The offline copy (service worker caches), as kept: { files, bytes, dataFiles, dataBytes }
    // (sizes from the stored bodies, not from headers).
    async cacheInfo() {
      const out = { files: 0, bytes: 0, dataFiles: 0, dataBytes: 0 };
      if (!('caches' in self)) return out;
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const req of await cache.keys()) {
          const size = (await (await cache.match(req)).blob()).size;
          out.files += 1;
          out.bytes += size;
          if (key.startsWith('mnist-data')) { out.dataFiles += 1; out.dataBytes += size; }
        }
      }
      return out;
    },
    // Deletes the offline copy and unregisters the service worker (the next visit downloads again).
    async clearCache() {
      if ('serviceWorker' in navigator) for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      if ('caches' in self) for (const key of await caches.keys()) await caches.delete(key);
    },
    // Small remembered values (localStorage, JSON text): every one whose key starts with
    // `prefix`, as { rest of key: text }; and setting (or, with null, removing) one.
    storeAll(prefix) {
      const out = {};
      try {
        for (let i = 0; i < localStorage.length; i++) {
          const k = localStorage.key(i);
          if (k.startsWith(prefix)) out[k.slice(prefix.length)] = localStorage.getItem(k);
        }
      } catch (e) { console.warn('no local storage:', e); }
      return out;
    },
    storeGet(key) {
      try { return localStorage.getItem(key); } catch (e) { return null; }
    },
    storeSet(key, value) {
      try {
        if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
      } catch (e) { console.warn('no local storage:', e); }
    },
    // The browser's languages, most wanted first ("zh-CN,en").
    languages: () => Array.from(navigator.languages || [navigator.language || '']).join(','),
    // The document's language and title follow the page's language.
    setDocumentLang(html, title) {
      document.documentElement.lang = html;
      document.title = title;
    },
    idbPut: (key, bytes) => tx('readwrite', (s) => s.put(bytes, key)),
    idbGet: (key) => tx('readonly', (s) => s.get(key)).then((v) => v || null),
    idbDelete: (key) => tx('readwrite', (s) => s.delete(key)),
  };
})();
