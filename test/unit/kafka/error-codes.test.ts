import { describe, expect, it } from 'vitest'
import { failure, isRetriableCode, kafkaErrorType } from '../../../src/kafka/error-codes.js'
import { partitionError } from '../../../src/kafka/error-mapping.js'

describe('the one table of Kafka error codes', () => {
  it.each([
    [6, 'NOT_LEADER_OR_FOLLOWER'],
    [14, 'COORDINATOR_LOAD_IN_PROGRESS'],
    [15, 'COORDINATOR_NOT_AVAILABLE'],
    [16, 'NOT_COORDINATOR'],
    [36, 'TOPIC_ALREADY_EXISTS'],
    [100, 'UNKNOWN_TOPIC_ID'],
    [113, 'STALE_MEMBER_EPOCH'],
    [9999, 'ERROR_9999'],
  ])('code %i is %s, as Kafka 4.x spells it', (code, name) => {
    expect(kafkaErrorType(code)).toBe(name)
  })

  it('knows which codes a client retries', () => {
    expect([6, 14, 15, 16, 7].map(isRetriableCode)).toEqual([true, true, true, true, true])
    expect([36, 29, 68, 9999].map(isRetriableCode)).toEqual([false, false, false, false])
  })

  it('group failures and partition errors speak the same names', () => {
    expect(failure(16)).toEqual({ code: 'NOT_COORDINATOR', message: 'NOT_COORDINATOR' })
    expect(failure(68)).toEqual({
      code: 'NON_EMPTY_GROUP',
      message: 'the group is not empty (it has active members)',
    })
    expect(failure(68, ' the broker says so ')).toEqual({
      code: 'NON_EMPTY_GROUP',
      message: 'the broker says so',
    })
    expect(partitionError(100, 'cannot read t-0').message).toBe('cannot read t-0: UNKNOWN_TOPIC_ID')
    expect(partitionError(100, 'cannot read t-0').code).toBe('TOPIC_NOT_FOUND')
  })
})
