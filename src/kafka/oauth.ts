import { spawn } from 'node:child_process'
import type { OAuthTokenSource } from '../core/connection.js'
import { KtkError } from '../core/errors.js'
import { type BearerToken, parseTokenOutput, tokenNeedsRefresh, unsecuredJwt } from '../core/oauth.js'
import { registerSecret } from '../core/redact.js'

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
