// A static file server for the built site (dist/), used by scripts/serve.sh and the browser tests.
// Serves .gz files as they are (no Content-Encoding), with the MIME types browsers need.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.gz': 'application/gzip', '.bin': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
};

/** Starts serving `root` under `prefix` (e.g. "/" or "/sub/path/"), adding `headers` to every
 *  file (e.g. a Content-Security-Policy); resolves to { server, url, requests } (every request's
 *  path and status, for tests that count downloads). */
export function serve(root, { port = 0, host = '127.0.0.1', prefix = '/', headers: extra = {} } = {}) {
  const base = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    // CORS: lets a page on another port use this server as a data host (the `data=` parameter).
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    res.on('finish', () => requests.push({ path: url.pathname, status: res.statusCode }));
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (!rel.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    rel = rel.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(base, rel);
    if (!file.startsWith(base + path.sep)) { res.writeHead(403).end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404).end('not found'); return; }
      // Revalidated caching: a warm browser gets 304 Not Modified instead of the bytes again.
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      const headers = { 'Cache-Control': 'no-cache', ETag: etag, ...extra };
      if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers).end(); return; }
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': st.size,
      });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => {
    resolve({ server, url: `http://${host}:${server.address().port}${prefix}`, requests });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] || 'dist';
  const port = Number(process.argv[3] || 8080);
  const { url } = await serve(root, { port });
  console.log(`Serving ${root}/ — open ${url}`);
}
