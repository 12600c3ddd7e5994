import { describe, expect, it } from 'vitest'
import { withAskedSecrets } from '../../../src/base/prompt.js'

describe('withAskedSecrets: synchronous work that needs secrets typed on a terminal', () => {
  it('asks each question once, in the order the work needs them, and reruns the work with the answers', async () => {
    const asked: string[] = []
    let runs = 0
    const result = await withAskedSecrets(
      (secret) => {
        runs++
        return `${secret('Password: ')}/${secret('Key password: ')}`
      },
      async (question) => {
        asked.push(question)
        return question === 'Password: ' ? 'pw' : 'kp'
      },
    )
    expect(result).toBe('pw/kp')
    expect(asked).toEqual(['Password: ', 'Key password: '])
    expect(runs).toBe(3)
  })

  it('work without secrets runs once and asks nothing; its own errors pass through', async () => {
    const ask = async () => {
      throw new Error('asked')
    }
    expect(await withAskedSecrets(() => 42, ask)).toBe(42)
    await expect(
      withAskedSecrets(() => {
        throw new Error('no bootstrap')
      }, ask),
    ).rejects.toThrow('no bootstrap')
  })

  it('an answer the person refuses to give (Ctrl-C) ends the work with that error', async () => {
    await expect(
      withAskedSecrets(
        (secret) => secret('Password: '),
        async () => {
          throw new Error('interrupted')
        },
      ),
    ).rejects.toThrow('interrupted')
  })
})
