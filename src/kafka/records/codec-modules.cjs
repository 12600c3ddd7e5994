// Compression codecs that install from npm alone (pure JavaScript or WebAssembly, no native build),
// each loaded on first use. @bokuweb/zstd-wasm reads zstd.wasm from beside its module: in the bundle
// that is dist/, where scripts/build.mjs copies it.
module.exports = {
  get snappy() {
    return require('snappyjs')
  },
  get lz4() {
    return require('lz4js')
  },
  get fzstd() {
    return require('fzstd')
  },
  get zstd() {
    return require('@bokuweb/zstd-wasm')
  },
}
