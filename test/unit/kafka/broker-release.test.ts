import { describe, expect, it } from 'vitest'
import { type AnnouncedVersions, kafkaReleaseOf } from '../../../src/kafka/broker-release.js'
import { KAFKA_RELEASES } from '../../../src/kafka/protocol/kafka-releases.js'

/** What a broker of table row `row` announces: every version raised up to that row, the newest of each. */
function brokerAt(row: number): Record<number, { minVersion: number; maxVersion: number }> {
  const versions: Record<number, { minVersion: number; maxVersion: number }> = {}
  for (const { raised } of KAFKA_RELEASES.slice(0, row + 1)) {
    for (const [key, max] of Object.entries(raised))
      versions[Number(key)] = { minVersion: 0, maxVersion: max }
  }
  return versions
}

const rowOf = (release: string) => KAFKA_RELEASES.findIndex((r) => r.releases.includes(release))

describe('the Kafka release a broker announces', () => {
  it('names each release from the versions it serves, newest first', () => {
    expect(kafkaReleaseOf(brokerAt(rowOf('2.8')))).toBe('Kafka 2.8')
    expect(kafkaReleaseOf(brokerAt(rowOf('3.9')))).toBe('Kafka 3.9')
    expect(kafkaReleaseOf(brokerAt(rowOf('4.1')))).toBe('Kafka 4.1')
    expect(kafkaReleaseOf(brokerAt(rowOf('2.2')))).toBe('Kafka 2.2 or older')
    expect(kafkaReleaseOf(brokerAt(KAFKA_RELEASES.length - 1))).toMatch(/^Kafka 4\.\d+ or newer$/)
    expect(kafkaReleaseOf({})).toBe('Kafka 2.2 or older')
  })

  it('cannot tell apart releases that raised no client API, and says so', () => {
    // 3.4 raised only broker-to-broker APIs over 3.3.
    expect(KAFKA_RELEASES[rowOf('3.4')]!.releases).toEqual(['3.3', '3.4'])
    expect(kafkaReleaseOf(brokerAt(rowOf('3.4')))).toBe('Kafka 3.3 or 3.4')
  })

  it('names every row by itself and not its neighbours', () => {
    for (let row = 1; row < KAFKA_RELEASES.length - 1; row++) {
      const label = kafkaReleaseOf(brokerAt(row))
      expect(label, `row ${row}`).toContain(KAFKA_RELEASES[row]!.releases[0]!)
      expect(kafkaReleaseOf(brokerAt(row - 1)), `row ${row - 1}`).not.toBe(label)
    }
  })

  it('needs only one raised version: an API hidden by configuration does not make a broker look older', () => {
    // Kafka 4.0 raised Produce to v12, ListOffsets v10, Metadata v13, DescribeGroups v6, ...
    const broker: AnnouncedVersions = { ...brokerAt(rowOf('3.9')), 3: { minVersion: 0, maxVersion: 13 } }
    expect(kafkaReleaseOf(broker)).toBe('Kafka 4.0')
  })

  it('takes real answers: a Kafka 2.8.2 broker (ZooKeeper mode) and a 3.9 broker', () => {
    // From the brokers the compatibility suite runs (Produce, Fetch, ListOffsets, Metadata, FindCoordinator).
    const kafka28: AnnouncedVersions = {
      0: { minVersion: 0, maxVersion: 9 },
      1: { minVersion: 0, maxVersion: 12 },
      2: { minVersion: 0, maxVersion: 6 },
      3: { minVersion: 0, maxVersion: 11 },
      10: { minVersion: 0, maxVersion: 3 },
    }
    expect(kafkaReleaseOf(kafka28)).toBe('Kafka 2.8')
    const kafka39: AnnouncedVersions = {
      ...kafka28,
      0: { minVersion: 0, maxVersion: 11 },
      1: { minVersion: 0, maxVersion: 17 },
      2: { minVersion: 0, maxVersion: 9 },
      10: { minVersion: 0, maxVersion: 6 },
    }
    expect(kafkaReleaseOf(kafka39)).toBe('Kafka 3.9')
  })
})
