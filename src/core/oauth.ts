import { KtkError } from './errors.js'

/** An OAuth bearer token and what ktk knows of its life. */
export interface BearerToken {
  value: string
  obtainedAtMs: number
  /** From the JWT's exp claim or a token response's expires_in; undefined for an opaque token. */
  expiresAtMs?: number
  /** The JWT's subject, when it has one: the principal the broker will see. */
  subject?: string
}

/**
 * Reads what a token command printed: a bare token (a JWT, whose exp claim gives its expiry, or an
 * opaque string), or an OAuth token response `{"access_token": …, "expires_in": seconds}`.
 */
export function parseTokenOutput(stdout: string, nowMs: number): BearerToken {
  const text = stdout.trim()
  if (text === '') throw new KtkError('AUTHENTICATION_FAILED', 'the OAuth token command printed nothing')
  let value = text
  let expiresAtMs: number | undefined
  if (text.startsWith('{')) {
    let response: { access_token?: unknown; expires_in?: unknown }
    try {
      response = JSON.parse(text)
    } catch {
      throw new KtkError('AUTHENTICATION_FAILED', 'the OAuth token command printed JSON that does not parse')
    }
    if (typeof response.access_token !== 'string' || response.access_token === '') {
      throw new KtkError('AUTHENTICATION_FAILED', 'the OAuth token command printed JSON without access_token')
    }
    value = response.access_token
    if (typeof response.expires_in === 'number') expiresAtMs = nowMs + response.expires_in * 1000
  } else if (/\s/.test(text)) {
    throw new KtkError('AUTHENTICATION_FAILED', 'the OAuth token command printed more than one word', {
      hints: ['it must print only the token (or a JSON token response with access_token)'],
    })
  }
  const claims = jwtClaims(value)
  if (expiresAtMs === undefined && typeof claims?.exp === 'number') expiresAtMs = claims.exp * 1000
  return {
    value,
    obtainedAtMs: nowMs,
    ...(expiresAtMs !== undefined ? { expiresAtMs } : {}),
    ...(typeof claims?.sub === 'string' ? { subject: claims.sub } : {}),
  }
}

/** The claims of a JWT (header.payload.signature, base64url), or undefined when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Java's refresh rule: after 80% of the token's life, and in any case a margin before it expires. */
export const REFRESH_WINDOW = 0.8
export const REFRESH_MARGIN_MS = 15_000

/**
 * True when a new token should be fetched before authenticating: there is none, it is past 80% of its
 * life or within the margin of its expiry. A token of unknown expiry is fetched for every login.
 */
export function tokenNeedsRefresh(token: BearerToken | undefined, nowMs: number): boolean {
  if (!token) return true
  if (token.expiresAtMs === undefined) return true
  const life = token.expiresAtMs - token.obtainedAtMs
  const refreshAt = Math.min(
    token.obtainedAtMs + life * REFRESH_WINDOW,
    token.expiresAtMs - REFRESH_MARGIN_MS,
  )
  return nowMs >= refreshAt
}

/**
 * An unsecured JWT (alg none), as Java's OAuthBearerUnsecuredLoginCallbackHandler makes for
 * `unsecuredLoginStringClaim_sub`; only brokers with the unsecured validator accept it.
 */
export function unsecuredJwt(
  subject: string,
  lifetimeSeconds: number,
  scope: readonly string[],
  nowMs: number,
) {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const iat = Math.floor(nowMs / 1000)
  const claims = { iat, exp: iat + lifetimeSeconds, sub: subject, ...(scope.length > 0 ? { scope } : {}) }
  return `${b64({ alg: 'none' })}.${b64(claims)}.`
}
