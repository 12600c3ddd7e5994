import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { parseReplicaAssignment } from '../../../src/core/replica-assignment.js'

describe('parseReplicaAssignment', () => {
  it.each<[string, number[][]]>([
    [
      '1:2,2:3,3:1',
      [
        [1, 2],
        [2, 3],
        [3, 1],
      ],
    ],
    ['5', [[5]]],
    ['0,1,2', [[0], [1], [2]]],
    ['1:2:3', [[1, 2, 3]]],
    [
      ' 1 : 2 , 2 : 1 ',
      [
        [1, 2],
        [2, 1],
      ],
    ],
    ['1001:1002', [[1001, 1002]]],
  ])('%j', (raw, expected) => {
    expect(parseReplicaAssignment(raw)).toEqual(expected)
  })

  it.each([
    ['1:1', 'broker 1 twice'],
    ['1:2,3:3', 'partition 1 lists broker 3 twice'],
    ['1:2,2', 'partition 1 has 1 replicas but partition 0 has 2'],
    ['1,2:3', 'partition 1 has 2 replicas but partition 0 has 1'],
    ['a:b', 'partition 0 "a:b" is not a list of broker ids'],
    ['1:2,x:3', 'partition 1'],
    ['1:-2', 'not a list of broker ids'],
    ['1.5', 'not a list of broker ids'],
    ['', 'not a list of broker ids'],
    ['1:2,', 'partition 1'],
    ['1::2', 'not a list of broker ids'],
  ])('%j is a usage error (%s)', (raw, text) => {
    let error: unknown
    try {
      parseReplicaAssignment(raw)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).code).toBe('USAGE')
    expect((error as KtkError).exit).toBe(2)
    expect((error as KtkError).message).toContain(text)
  })
})
