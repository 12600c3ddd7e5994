import { spawn } from 'node:child_process'
import type { OAuthTokenSource } from '../core/connection-settings.js'
import { KtkError, shortened } from '../core/errors.js'
import { type BearerToken, parseTokenOutput, tokenNeedsRefresh, unsecuredJwt } from '../core/oauth.js'
import { registerSecret } from '../core/redact.js'
import { kafkajs, type Untyped } from './driver.js'

export type OAuthBearerProvider = () => Promise<{ value: string }>

const providers = new WeakMap<OAuthTokenSource, OAuthBearerProvider>()

/**
 * kafkajs's oauthBearerProvider: it is asked for a token at every SASL login, including the
 * re-authentication kafkajs does before the broker's session (bounded by the token's expiry) ends.
 * The token is kept and fetched again once it is past 80% of its life, so a long-running command
 * never presents an expired token. One provider per token source: every client of a command shares it.
 */
export function oauthBearerProvider(source: OAuthTokenSource, timeoutMs: number): OAuthBearerProvider {
  let provider = providers.get(source)
  if (!provider) {
    let token: BearerToken | undefined
    let pending: Promise<BearerToken> | undefined
    provider = async () => {
      if (tokenNeedsRefresh(token, Date.now())) {
        pending ??= fetchToken(source, timeoutMs).finally(() => {
          pending = undefined
        })
        token = await pending
      }
      return { value: token!.value }
    }
    providers.set(source, provider)
  }
  return provider
}

/** SaslAuthenticate's auth bytes as kafkajs hands them over (BYTES: an int32 length, then the bytes). */
const AUTH_BYTES = {
  decode: async (raw: Buffer) =>
    raw.length > 4 && raw.readInt32BE(0) > 0 ? raw.subarray(4) : Buffer.alloc(0),
  parse: async (bytes: Buffer) => bytes,
}

/** RFC 7628 §3.2.3: the client's answer to the server's error, a lone %x01, as BYTES. */
const ACKNOWLEDGE_ERROR = { encode: async () => Buffer.from([0, 0, 0, 1, 1]) }

/**
 * SASL/OAUTHBEARER as RFC 7628 has it, in place of kafkajs's, which ignores the server's answer. A
 * broker that rejects the token does not send an error code at first: it answers with a JSON error
 * ({"status":"invalid_token"}) and waits for the client's %x01 before it fails the exchange. kafkajs
 * took that answer as success ("authentication successful"), and the broker then answered every request
 * of the half-authenticated connection with an empty one: an empty topic list, exit 0.
 */
export function oauthBearerAuthenticator(provider: OAuthBearerProvider) {
  return ({ host, port, logger, saslAuthenticate }: Untyped) => ({
    authenticate: async () => {
      const broker = `${host}:${port}`
      const token = await provider()
      logger.debug('Authenticate with SASL OAUTHBEARER', { broker })
      const request = await kafkajs().oauthBearerRequest({}, token)
      const challenge: Buffer = await saslAuthenticate({ request, response: AUTH_BYTES })
      if (challenge.length === 0) {
        logger.debug('SASL OAUTHBEARER authentication successful', { broker })
        return
      }
      let reason = serverError(challenge)
      try {
        await saslAuthenticate({ request: ACKNOWLEDGE_ERROR, response: AUTH_BYTES })
      } catch (error) {
        // The broker's own words for the failure (SASL_AUTHENTICATION_FAILED with a message).
        reason = (error as Error)?.message || reason
      }
      throw new (kafkajs().errors.KafkaJSSASLAuthenticationError)(
        `SASL OAUTHBEARER authentication failed: ${reason}`,
      )
    },
  })
}

/** The server's error message (RFC 7628 §3.2.2: JSON with status, and maybe scope), in words. */
export function serverError(challenge: Buffer): string {
  const text = challenge.toString('utf8')
  try {
    const error = JSON.parse(text) as { status?: unknown; scope?: unknown }
    if (typeof error.status === 'string') {
      return `the token was refused (${error.status}${typeof error.scope === 'string' ? `, scope ${error.scope}` : ''})`
    }
  } catch {
    // not JSON: shown as sent, shortened
  }
  return `the token was refused: ${shortened(text, 120)}`
}

async function fetchToken(source: OAuthTokenSource, timeoutMs: number): Promise<BearerToken> {
  const now = Date.now()
  const token =
    source.kind === 'unsecured'
      ? parseTokenOutput(unsecuredJwt(source.subject, source.lifetimeSeconds, source.scope, now), now)
      : parseTokenOutput(await runTokenCommand(source.command, timeoutMs), now)
  registerSecret(token.value)
  if (token.expiresAtMs !== undefined && token.expiresAtMs <= now) {
    throw new KtkError(
      'AUTHENTICATION_FAILED',
      'the OAuth token command printed a token that has already expired',
      {
        hints: ['check the clock, or that the command fetches a fresh token'],
      },
    )
  }
  return token
}

/** Runs the command through the shell; its stdout is the token, its stderr is shown only on failure. */
function runTokenCommand(command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new KtkError('AUTHENTICATION_FAILED', `cannot run the OAuth token command: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'))
      const said = Buffer.concat(err).toString('utf8').trim().split('\n')[0]
      const how =
        signal === 'SIGKILL' ? `did not finish within ${timeoutMs} ms` : `failed (exit ${code ?? signal})`
      reject(
        new KtkError('AUTHENTICATION_FAILED', `the OAuth token command ${how}${said ? `: ${said}` : ''}`, {
          hints: ['run the --oauth-token-command yourself to see why; it must print the token on stdout'],
        }),
      )
    })
  })
}
