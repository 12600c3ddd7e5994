import { KAFKA_RELEASES } from './protocol/kafka-releases.js'

/** A broker's ApiVersions answer: API key → the versions it serves. */
export type AnnouncedVersions = Readonly<
  Record<number, { minVersion: number; maxVersion: number } | undefined>
>

/**
 * The Apache Kafka release whose client API versions a broker announces: "Kafka 2.8", "Kafka 3.3 or
 * 3.4" (releases that raised no client API look alike), "Kafka 2.2 or older", "Kafka 4.4 or newer".
 * A broker is at least a release when it serves any version that release raised; one such version is
 * enough, so an API a broker's configuration hides (or a compatible service leaves out) does not make
 * it look older than it is.
 */
export function kafkaReleaseOf(versions: AnnouncedVersions): string {
  const newest = KAFKA_RELEASES.length - 1
  for (let row = newest; row > 0; row--) {
    const { releases, raised } = KAFKA_RELEASES[row]!
    const serves = Object.entries(raised).some(
      ([apiKey, version]) => (versions[Number(apiKey)]?.maxVersion ?? -1) >= version,
    )
    if (!serves) continue
    if (row === newest) return `Kafka ${releases[0]} or newer`
    return `Kafka ${releases.length > 2 ? `${releases[0]} to ${releases.at(-1)}` : releases.join(' or ')}`
  }
  return `Kafka ${KAFKA_RELEASES[0]!.releases.at(-1)} or older`
}
