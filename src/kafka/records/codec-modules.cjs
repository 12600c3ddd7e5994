// Compression codecs that install from npm alone (pure JavaScript or WebAssembly, no native build).
// @bokuweb/zstd-wasm reads zstd.wasm from beside its module: in the bundle that is dist/, where
// scripts/build.mjs copies it.
module.exports = {
  snappy: require('snappyjs'),
  lz4: require('lz4js'),
  fzstd: require('fzstd'),
  zstd: require('@bokuweb/zstd-wasm'),
}
