import { KtkError } from './errors.js'
import type { GroupListing, GroupType } from './group-types.js'

/** The states a consumer group can be in (Kafka's GroupState.groupStatesForType(CONSUMER)). */
const CONSUMER_GROUP_STATES = [
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
  'Empty',
  'Assigning',
  'Reconciling',
]

/** Kafka's groupStatesFromString: comma-separated, any case; Kafka's spelling out. */
export function parseGroupStates(input: string): string[] {
  const states = input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return [
    ...new Set(
      states.map((s) => {
        const state = CONSUMER_GROUP_STATES.find((v) => v.toLowerCase() === s.toLowerCase())
        if (!state) {
          throw new KtkError('USAGE', `invalid state list '${input}'`, {
            hints: [`valid states are: ${CONSUMER_GROUP_STATES.join(', ')}`],
          })
        }
        return state
      }),
    ),
  ]
}

/** Kafka's consumerGroupTypesFromString: classic and/or consumer. */
export function parseGroupTypes(input: string): GroupType[] {
  const types = input
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const t of types) {
    if (t !== 'classic' && t !== 'consumer') {
      throw new KtkError('USAGE', `invalid types list '${input}'`, {
        hints: ['valid types are: classic, consumer'],
      })
    }
  }
  return [...new Set(types)] as GroupType[]
}

/**
 * Kafka's ListGroupsOptions.forConsumerGroups(): classic groups of the consumer protocol (or with only
 * committed offsets, protocol type "") and KIP-848 `consumer` groups; not Connect, share or streams groups.
 */
export function isConsumerGroup(listing: GroupListing): boolean {
  const typeOk = listing.type === null || listing.type === 'classic' || listing.type === 'consumer'
  return typeOk && (listing.protocolType === 'consumer' || listing.protocolType === '')
}

/** Kafka's spelling of a group type in listings: Classic, Consumer. */
export function typeLabel(type: GroupType | null): string {
  return type === null ? 'Unknown' : type.charAt(0).toUpperCase() + type.slice(1)
}
