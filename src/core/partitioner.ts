/**
 * The Java client's default partitioner for keyed records: murmur2 of the key bytes, made positive
 * (`& 0x7fffffff`), modulo the partition count (BuiltInPartitioner.partitionForKey / Utils.murmur2).
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length
  const seed = 0x9747b28c
  const m = 0x5bd1e995
  const r = 24
  let h = (seed ^ length) | 0
  const length4 = length >> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4
    let k =
      (data[i4]! & 0xff) |
      ((data[i4 + 1]! & 0xff) << 8) |
      ((data[i4 + 2]! & 0xff) << 16) |
      ((data[i4 + 3]! & 0xff) << 24)
    k = Math.imul(k, m)
    k ^= k >>> r
    k = Math.imul(k, m)
    h = Math.imul(h, m)
    h ^= k
  }
  const tail = length4 * 4
  const remaining = length % 4
  if (remaining >= 3) h ^= (data[tail + 2]! & 0xff) << 16
  if (remaining >= 2) h ^= (data[tail + 1]! & 0xff) << 8
  if (remaining >= 1) {
    h ^= data[tail]! & 0xff
    h = Math.imul(h, m)
  }
  h ^= h >>> 13
  h = Math.imul(h, m)
  h ^= h >>> 15
  return h | 0
}

export function toPositive(n: number): number {
  return n & 0x7fffffff
}

export function partitionForKey(key: Uint8Array, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError('partitions must be a positive integer')
  return toPositive(murmur2(key)) % partitions
}
