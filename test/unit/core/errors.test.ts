import { describe, expect, it } from 'vitest'
import { exitForFailures } from '../../../src/core/errors.js'

describe('exitForFailures: the exit code of per-item failures', () => {
  it.each([
    [['GROUP_AUTHORIZATION_FAILED'], 6],
    [['AUTHORIZATION_FAILED', 'GROUP_NOT_EMPTY'], 6],
    [['NON_EMPTY_GROUP', 'GROUP_ID_NOT_FOUND'], 5],
    [['GROUP_SUBSCRIBED_TO_TOPIC'], 5],
    [['UNKNOWN_TOPIC_OR_PARTITION', 'TIMEOUT'], 4],
    [['GROUP_NOT_FOUND'], 4],
    [['TIMEOUT'], 7],
    [['COORDINATOR_LOAD_IN_PROGRESS'], 1],
    [[], 1],
  ] as const)('%j exits %i', (codes, exit) => {
    expect(exitForFailures(codes)).toBe(exit)
  })
})
