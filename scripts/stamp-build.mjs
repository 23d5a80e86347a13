// Stamps a built site's service worker with its build: a hash of the files it keeps offline
// (static/sw.js's FILES), so that each release gets a service worker and a cache of its own.
// Run by trunk after every build (Trunk.toml's post_build hook, on its staging folder), or by
// hand: `node scripts/stamp-build.mjs [folder]` (default dist/). Prints the build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';
const swPath = path.join(dir, 'sw.js');
const sw = fs.readFileSync(swPath, 'utf8');
const files = JSON.parse(sw.match(/const FILES = (\[[^\]]*\])/)[1].replace(/'/g, '"'));
const hash = crypto.createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(fs.readFileSync(path.join(dir, f === './' ? 'index.html' : f)));
}
const build = hash.digest('hex').slice(0, 12);
const stamped = sw.replace(/const BUILD = '[^']*';/, `const BUILD = '${build}';`);
if (stamped === sw && !sw.includes(`'${build}'`)) throw new Error(`${swPath}: no "const BUILD = '…';" to stamp`);
fs.writeFileSync(swPath, stamped);
console.log(`build ${build}`);
