import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { jwtClaims, parseTokenOutput, tokenNeedsRefresh, unsecuredJwt } from '../../../src/core/oauth.js'

const NOW = 1_700_000_000_000
const jwt = (claims: object) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`

describe('parseTokenOutput', () => {
  it('a JWT: its exp and sub', () => {
    const token = parseTokenOutput(`${jwt({ sub: 'svc-orders', exp: NOW / 1000 + 600 })}\n`, NOW)
    expect(token).toMatchObject({ obtainedAtMs: NOW, expiresAtMs: NOW + 600_000, subject: 'svc-orders' })
  })

  it('an OAuth token response: access_token and expires_in', () => {
    const token = parseTokenOutput(
      '{"access_token":"opaque-abc","token_type":"Bearer","expires_in":300}',
      NOW,
    )
    expect(token).toEqual({ value: 'opaque-abc', obtainedAtMs: NOW, expiresAtMs: NOW + 300_000 })
  })

  it('an opaque token: no known expiry', () => {
    expect(parseTokenOutput('opaque-abc', NOW)).toEqual({ value: 'opaque-abc', obtainedAtMs: NOW })
  })

  it.each(['', '   \n', 'two words', '{"token":"x"}', '{not json'])('refuses %j (exit 6)', (out) => {
    expect(() => parseTokenOutput(out, NOW)).toThrow(KtkError)
    try {
      parseTokenOutput(out, NOW)
    } catch (e) {
      expect((e as KtkError).exit).toBe(6)
    }
  })
})

describe('tokenNeedsRefresh', () => {
  const token = { value: 't', obtainedAtMs: NOW, expiresAtMs: NOW + 3_600_000 }
  it('no token yet, or an opaque one: fetch', () => {
    expect(tokenNeedsRefresh(undefined, NOW)).toBe(true)
    expect(tokenNeedsRefresh({ value: 't', obtainedAtMs: NOW }, NOW + 1)).toBe(true)
  })
  it('an hour-long token is kept until 80% of its life (48 min), then fetched again', () => {
    expect(tokenNeedsRefresh(token, NOW + 47 * 60_000)).toBe(false)
    expect(tokenNeedsRefresh(token, NOW + 48 * 60_000)).toBe(true)
  })
  it('a short token is fetched again 15 s before it expires at the latest', () => {
    const short = { value: 't', obtainedAtMs: NOW, expiresAtMs: NOW + 60_000 }
    expect(tokenNeedsRefresh(short, NOW + 44_000)).toBe(false)
    expect(tokenNeedsRefresh(short, NOW + 45_000)).toBe(true)
  })
})

describe('unsecuredJwt', () => {
  it("is Kafka's unsecured token: alg none, sub, iat, exp, empty signature", () => {
    const token = unsecuredJwt('alice', 120, ['read'], NOW)
    expect(token.endsWith('.')).toBe(true)
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'none' })
    expect(jwtClaims(token)).toEqual({
      sub: 'alice',
      iat: NOW / 1000,
      exp: NOW / 1000 + 120,
      scope: ['read'],
    })
  })
})
