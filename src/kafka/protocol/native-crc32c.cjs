// Hardware CRC-32C (SSE4.2 on x86-64, the CRC instructions on ARMv8) from @node-rs/crc32's prebuilt
// binaries, installed from npm alone for the common platforms. Loaded on first use; where this platform
// has no binary, null, and ktk uses its own table-driven code (crc32c.ts).
let loaded
module.exports = {
  get crc32c() {
    if (loaded === undefined) {
      try {
        loaded = require('@node-rs/crc32').crc32c
      } catch {
        loaded = null
      }
    }
    return loaded
  },
}
