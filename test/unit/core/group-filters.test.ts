import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import {
  isConsumerGroup,
  parseGroupStates,
  parseGroupTypes,
  typeLabel,
} from '../../../src/core/group-filters.js'

describe('group filters', () => {
  it('states parse in any case to Kafka spelling; bad states are usage errors listing the valid ones', () => {
    expect(parseGroupStates('stable, EMPTY,preparingrebalance')).toEqual([
      'Stable',
      'Empty',
      'PreparingRebalance',
    ])
    expect(() => parseGroupStates('stable,sleeping')).toThrow(KtkError)
    try {
      parseGroupStates('sleeping')
    } catch (e) {
      expect((e as KtkError).exit).toBe(2)
      expect((e as KtkError).hints[0]).toContain('Reconciling')
    }
  })

  it('types are classic and consumer only', () => {
    expect(parseGroupTypes('Consumer,classic')).toEqual(['consumer', 'classic'])
    expect(() => parseGroupTypes('share')).toThrow(/invalid types list/)
    expect(typeLabel('consumer')).toBe('Consumer')
    expect(typeLabel(null)).toBe('Unknown')
  })

  it('consumer groups are what kafka-consumer-groups --list shows', () => {
    expect(
      isConsumerGroup({ groupId: 'a', protocolType: 'consumer', state: 'Stable', type: 'classic' }),
    ).toBe(true)
    expect(isConsumerGroup({ groupId: 'a', protocolType: '', state: 'Empty', type: 'classic' })).toBe(true)
    expect(
      isConsumerGroup({ groupId: 'a', protocolType: 'consumer', state: 'Stable', type: 'consumer' }),
    ).toBe(true)
    expect(isConsumerGroup({ groupId: 'a', protocolType: 'connect', state: 'Stable', type: 'classic' })).toBe(
      false,
    )
    expect(isConsumerGroup({ groupId: 'a', protocolType: 'share', state: 'Stable', type: 'share' })).toBe(
      false,
    )
  })
})
