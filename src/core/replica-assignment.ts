import { KtkError } from './errors.js'

/**
 * kafka-topics' --replica-assignment: partitions separated by ',', brokers of one partition by ':'
 * ("1:2,2:3,3:1" = three partitions, two replicas each; the first broker is the preferred leader).
 */
export function parseReplicaAssignment(raw: string): number[][] {
  const partitions = raw.split(',').map((part, index) => {
    const brokers = part.split(':').map((b) => b.trim())
    if (brokers.some((b) => !/^\d+$/.test(b))) {
      throw new KtkError(
        'USAGE',
        `--replica-assignment: partition ${index} "${part}" is not a list of broker ids`,
        {
          hints: ['write one partition per comma and brokers separated by colons, e.g. 1:2,2:3,3:1'],
        },
      )
    }
    const ids = brokers.map(Number)
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i)
    if (duplicates.length > 0) {
      throw new KtkError(
        'USAGE',
        `--replica-assignment: partition ${index} lists broker ${duplicates[0]} twice`,
      )
    }
    return ids
  })
  const size = partitions[0]!.length
  const uneven = partitions.findIndex((p) => p.length !== size)
  if (uneven >= 0) {
    throw new KtkError(
      'USAGE',
      `--replica-assignment: partition ${uneven} has ${partitions[uneven]!.length} replicas but partition 0 has ${size}; every partition needs the same replication factor`,
    )
  }
  return partitions
}
