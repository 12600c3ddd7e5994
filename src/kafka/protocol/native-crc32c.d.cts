/** @node-rs/crc32's crc32c, or null where this platform has no prebuilt binary. */
declare const native: { readonly crc32c: ((input: Buffer, initial?: number) => number) | null }
export = native
