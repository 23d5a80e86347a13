// Browser helpers the Rust app calls through `window.mnistBindings`: canvas drawing and reading,
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
      // A full disk or a refused quota aborts the transaction (QuotaExceededError).
      t.onabort = () => reject(t.error || new DOMException('the browser refused to store it', 'AbortError'));
    }));
  }
  // A dark-to-bright colour ramp (black, purple, orange, pale yellow): 256 opaque RGBA pixels
  // (as the platform's byte order packs them in a Uint32Array).
  const RAMP = (() => {
    const stops = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];
    const bytes = new Uint8ClampedArray(256 * 4);
    for (let i = 0; i < 256; i++) {
      const t = (i / 255) * (stops.length - 1), k = Math.min(Math.floor(t), stops.length - 2), f = t - k;
      for (let c = 0; c < 3; c++) bytes[4 * i + c] = Math.round(stops[k][c] * (1 - f) + stops[k + 1][c] * f);
      bytes[4 * i + 3] = 255;
    }
    return new Uint32Array(bytes.buffer);
  })();
  // Diverging colours for signed values scaled by `top`: red positive, blue negative, alpha
  // (or whiteness, when `opaque`) by size.
  function diverging(canvas, values, top, opaque) {
    const c = canvas.getContext('2d');
    const img = c.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < values.length; i++) {
      const v = Math.max(-1, Math.min(1, values[i] / top)), a = Math.abs(v);
      const rgb = v >= 0 ? [224, 60, 40] : [40, 90, 230];
      for (let k = 0; k < 3; k++) img.data[4 * i + k] = opaque ? Math.round(255 - (255 - rgb[k]) * a) : rgb[k];
      img.data[4 * i + 3] = opaque ? 255 : Math.round(255 * Math.min(1, 1.4 * a));
    }
    c.putImageData(img, 0, 0);
  }
  // One run at a time in a browser: the tab that trains holds the Web Lock RUN_LOCK until its
  // run ends (or the tab closes). Where Web Locks are missing, every tab may train.
  const RUN_LOCK = 'mnist-web-run';
  let releaseRun = null, releaseTimer = 0, asking = null;
  // A newer build's service worker, installed and waiting (static/sw.js), and who wants to know.
  let waiting = null, offlineRefused = null;
  const updateListeners = [];
  const loadedAt = performance.now();
  window.mnistBindings = {
    // Every layer's maps (one byte each, layer after layer in the order of the container's
    // canvas[data-sheet]s), painted at the next frame (only the latest when several arrive): on
    // each layer's sheet, 16 maps to a row, each scaled to 28×28 in a cell of 30 pixels.
    maps(container, bytes, big) {
      container._bytes = bytes;
      if (container._frame) return;
      container._frame = requestAnimationFrame(() => {
        const t0 = performance.now();
        container._frame = 0;
        const b = container._bytes;
        let at = 0;
        for (const sheet of container.querySelectorAll('canvas[data-sheet]')) {
          const side = Number(sheet.dataset.side), n = Number(sheet.dataset.channels), k = 28 / side, W = sheet.width;
          if (at + n * side * side > b.length) break;
          const c = sheet.getContext('2d');
          const img = sheet._img || (sheet._img = c.createImageData(W, sheet.height));
          const px = new Uint32Array(img.data.buffer);
          for (let ch = 0; ch < n; ch++, at += side * side) {
            const x0 = (ch % 16) * 30, y0 = Math.floor(ch / 16) * 30;
            for (let y = 0; y < 28; y++) {
              const row = (y0 + y) * W + x0, src = at + Math.floor(y / k) * side;
              for (let x = 0; x < 28; x++) px[row + x] = RAMP[b[src + Math.floor(x / k)]];
            }
          }
          c.putImageData(img, 0, 0);
        }
        container.dataset.painted = String(Number(container.dataset.painted || 0) + 1);
        container.dataset.paintMs = (performance.now() - t0).toFixed(2);
        // The enlarged map: the one last looked at, else the first (no black box at first).
        if (big && !(big._source && big._source.isConnected)) big._source = container.querySelector('.map');
        if (big && big._source) window.mnistBindings.enlarge(big, big._source);
      });
    },
    // Shows the map under element `map` (over its cell of a layer's sheet) enlarged on `big`,
    // and keeps doing so as it changes.
    enlarge(big, map) {
      big._source = map;
      const sheet = map.parentElement.querySelector('canvas'), ch = Number(map.dataset.channel);
      const c = big.getContext('2d');
      c.imageSmoothingEnabled = false;
      c.clearRect(0, 0, big.width, big.height);
      c.drawImage(sheet, (ch % 16) * 30, Math.floor(ch / 16) * 30, 28, 28, 0, 0, big.width, big.height);
    },
    // The first layer's filters ([C, 1, k, k] flattened) on the container's C canvases of k×k.
    filters(container, values) {
      const top = values.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
      container.querySelectorAll('canvas').forEach((cv, i) => {
        const n = cv.width * cv.height;
        diverging(cv, values.subarray(n * i, n * i + n), top, true);
      });
      container.dataset.painted = String(Number(container.dataset.painted || 0) + 1);
    },
    // Saliency over the 28×28 preview (transparent where nothing decides).
    saliency(canvas, values) {
      diverging(canvas, values, values.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12), false);
    },
    // `count` grey patches of side×side (one byte per pixel) as new canvases in `container`.
    patches(container, bytes, side) {
      container.replaceChildren();
      for (let at = 0; side > 0 && at + side * side <= bytes.length; at += side * side) {
        const cv = document.createElement('canvas');
        cv.width = cv.height = side;
        cv.className = 'patch';
        container.appendChild(cv);
        window.mnistBindings.grey(cv, bytes.subarray(at, at + side * side));
      }
    },
    // A 28×28 image enlarged onto the drawing canvas (a test image being looked at).
    showImage(canvas, bytes) {
      const small = document.createElement('canvas');
      small.width = small.height = 28;
      window.mnistBindings.grey(small, bytes);
      const c = canvas.getContext('2d', { willReadFrequently: true });
      c.imageSmoothingEnabled = false;
      c.drawImage(small, 0, 0, canvas.width, canvas.height);
    },
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
    // The file chosen in an <input type=file> or dropped (a drag event) as { name, bytes }, or
    // null; one larger than `max` bytes as { name, size } without reading it.
    async readFile(source, max) {
      const files = source.dataTransfer ? source.dataTransfer.files : source.files;
      const f = files && files[0];
      if (!f) return null;
      if (f.size > max) return { name: f.name, size: f.size };
      return { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    },
    // The names of the files chosen in an <input type=file> or dropped.
    fileNames(source) {
      const files = source.dataTransfer ? source.dataTransfer.files : source.files;
      return Array.from(files || [], (f) => f.name);
    },
    // Up to `count` of those files, each { name, bytes }, or { name, size } unread when larger
    // than `max` bytes (the list is taken at once: the input may be cleared right after).
    readFiles(source, max, count) {
      const files = Array.from((source.dataTransfer ? source.dataTransfer.files : source.files) || []).slice(0, count);
      return Promise.all(files.map(async (f) => (f.size > max ? { name: f.name, size: f.size } : { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
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
      const out = { files: 0, bytes: 0, dataFiles: 0, dataBytes: 0, refused: offlineRefused };
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
        if (value == null) localStorage.removeItem(key); else localStorage.setItem(key, value);
      } catch (e) { console.warn('no local storage:', e); }
    },
    // The browser's languages, most wanted first ("zh-CN,en").
    languages: () => Array.from(navigator.languages || [navigator.language || '']).join(','),
    // The document's language and title follow the page's language.
    setDocumentLang(html, title) {
      document.documentElement.lang = html;
      document.title = title;
    },
    // Resolves to true once this tab holds the run lock, false when another tab does.
    runLock() {
      clearTimeout(releaseTimer);
      releaseTimer = 0;
      if (releaseRun || !navigator.locks) return Promise.resolve(true);
      // One request at a time: a second asker gets the first one's answer. A tab whose run just
      // ended lets go a second later: wait that long (and a little more) before saying no.
      const wait = typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(2500) } : { ifAvailable: true };
      asking ||= new Promise((granted) => {
        navigator.locks.request(RUN_LOCK, wait, (lock) => {
          if (!lock) return granted(false);
          granted(true);
          return new Promise((release) => { releaseRun = release; });
        }).catch((e) => granted(!e || !['AbortError', 'TimeoutError'].includes(e.name))); // waited in vain: no
      }).finally(() => { asking = null; });
      return asking;
    },
    // Let go a moment later: a run that follows at once (an experiment's next) keeps the lock.
    releaseRun() {
      if (!releaseRun || releaseTimer) return;
      releaseTimer = setTimeout(() => {
        releaseTimer = 0;
        if (releaseRun) releaseRun();
        releaseRun = null;
      }, 1000);
    },
    // Whether another tab holds the run lock.
    async runElsewhere() {
      if (releaseRun || !navigator.locks) return false;
      return (await navigator.locks.query()).held.some((l) => l.name === RUN_LOCK);
    },
    // start.js: a newer build waits. Taken at once while the page is just loading and no run is
    // going (the new build is picked up on this load); otherwise offered (`onUpdate`).
    // A run in another tab of the old build keeps it: the new one is then only offered.
    async updateWaiting(worker) {
      waiting = worker;
      const idle = !releaseRun && performance.now() - loadedAt < 10_000 && !(await window.mnistBindings.runElsewhere());
      if (idle) window.mnistBindings.applyUpdate();
      else updateListeners.splice(0).forEach((f) => f());
    },
    onUpdate(f) {
      if (waiting) f(); else updateListeners.push(f);
    },
    // Lets the waiting build take over, then reloads into it.
    applyUpdate() {
      if (!waiting) return location.reload();
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
      waiting.postMessage('take-over');
    },
    // start.js: the service worker could not store the offline copy (its words).
    offlineRefused(why) { offlineRefused = why; },
    idbPut: (key, bytes) => tx('readwrite', (s) => s.put(bytes, key)),
    idbGet: (key) => tx('readonly', (s) => s.get(key)).then((v) => v || null),
    idbDelete: (key) => tx('readwrite', (s) => s.delete(key)),
    idbKeys: (prefix) => tx('readonly', (s) => s.getAllKeys()).then((keys) => keys.filter((k) => typeof k === 'string' && k.startsWith(prefix))),
  };
})();
