import { describe, expect, it } from 'vitest'
import {
  exitForFailures,
  failureError,
  KtkError,
  shortened,
  withHint,
  withNeeds,
} from '../../../src/core/errors.js'

describe('exitForFailures: the exit code of per-item failures', () => {
  it.each([
    [['GROUP_AUTHORIZATION_FAILED'], 6],
    [['AUTHORIZATION_FAILED', 'GROUP_NOT_EMPTY'], 6],
    [['NON_EMPTY_GROUP', 'GROUP_ID_NOT_FOUND'], 5],
    [['GROUP_SUBSCRIBED_TO_TOPIC'], 5],
    [['CONFLICT', 'TOPIC_NOT_FOUND'], 5],
    [['UNKNOWN_TOPIC_OR_PARTITION', 'TIMEOUT'], 4],
    [['GROUP_NOT_FOUND'], 4],
    [['TIMEOUT'], 7],
    [['COORDINATOR_LOAD_IN_PROGRESS'], 1],
    [[], 1],
  ] as const)('%j exits %i', (codes, exit) => {
    expect(exitForFailures(codes)).toBe(exit)
  })
})

describe('withHint and withNeeds', () => {
  it('withHint keeps code, message and exit and adds the hint last', () => {
    const error = new KtkError('TOPIC_NOT_FOUND', 'topic "x" does not exist', { hints: ['list topics'] })
    const more = withHint(error, 'nothing was written')
    expect(more).toMatchObject({ code: 'TOPIC_NOT_FOUND', message: error.message, exit: 4 })
    expect(more.hints).toEqual(['list topics', 'nothing was written'])
  })

  it('withNeeds adds what the command needs to a refusal only', () => {
    const refused = new KtkError('AUTHORIZATION_FAILED', 'User:bob is not authorized to DESCRIBE group "g"')
    expect(withNeeds(refused, 'needs READ').hints).toEqual(['needs READ'])
    const missing = new KtkError('GROUP_NOT_FOUND', 'group "g" does not exist')
    expect(withNeeds(missing, 'needs READ')).toBe(missing)
  })
})

describe('failureError: a per-item failure as the error a command ends with', () => {
  it('a Kafka refusal becomes AUTHORIZATION_FAILED with exit 6 and keeps its hints', () => {
    const error = failureError({
      code: 'TOPIC_AUTHORIZATION_FAILED',
      message: 'User:alice is not authorized to READ topic "t"',
      hints: ['grant it'],
    })
    expect(error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6, hints: ['grant it'] })
    expect(error.message).toBe('User:alice is not authorized to READ topic "t"')
  })

  it('a ktk code keeps its code; the exit follows the failure', () => {
    expect(failureError({ code: 'TIMEOUT', message: 'group "g": no answer' })).toMatchObject({
      code: 'TIMEOUT',
      exit: 7,
      hints: [],
    })
    expect(failureError({ code: 'GROUP_NOT_FOUND', message: 'gone' }).exit).toBe(4)
  })
})

describe('shortened', () => {
  it('cuts text past the limit with an ellipsis, counting characters, and leaves short text alone', () => {
    expect(shortened('abc', 3)).toBe('abc')
    expect(shortened('abcd', 3)).toBe('abc…')
    expect(shortened('😀😀😀😀', 2)).toBe('😀😀…')
    expect(shortened('x'.repeat(100_000))).toHaveLength(81)
  })
})
