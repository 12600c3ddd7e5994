import { afterEach, describe, expect, it } from 'vitest'
import { forgetSecrets, REDACTED, redact, registerSecret } from '../../../src/core/redact.js'

describe('redact', () => {
  afterEach(() => forgetSecrets())

  it('replaces every occurrence of every registered secret', () => {
    registerSecret('hunter22')
    registerSecret('tok.en.value')
    expect(redact('password=hunter22 again hunter22, token tok.en.value')).toBe(
      `password=${REDACTED} again ${REDACTED}, token ${REDACTED}`,
    )
  })

  it('also in JSON-escaped form', () => {
    registerSecret('pa"ss\\word')
    expect(redact(JSON.stringify({ p: 'pa"ss\\word' }))).toBe(`{"p":"${REDACTED}"}`)
  })

  it('the longer of two overlapping secrets is replaced whole', () => {
    registerSecret('abcd')
    registerSecret('abcdefgh')
    expect(redact('xabcdefghx abcd')).toBe(`x${REDACTED}x ${REDACTED}`)
  })

  it('ignores secrets too short to scrub without garbling the text', () => {
    registerSecret('ab')
    registerSecret('')
    registerSecret(undefined)
    expect(redact('abacus')).toBe('abacus')
  })
})
