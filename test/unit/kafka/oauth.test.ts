import { describe, expect, it } from 'vitest'
import { oauthBearerAuthenticator, serverError } from '../../../src/kafka/oauth.js'

/** SaslAuthenticate as kafkajs runs it: the request's bytes go out, the answer's bytes (as BYTES) come back. */
function broker(answers: (Buffer | Error)[]) {
  const sent: Buffer[] = []
  const saslAuthenticate = async ({
    request,
    response,
  }: {
    request: { encode: () => Promise<Buffer> }
    response: { decode: (b: Buffer) => Promise<Buffer>; parse: (b: Buffer) => Promise<Buffer> }
  }) => {
    sent.push(await request.encode())
    const answer = answers.shift()!
    if (answer instanceof Error) throw answer
    const bytes = Buffer.alloc(4 + answer.length)
    bytes.writeInt32BE(answer.length)
    answer.copy(bytes, 4)
    return response.parse(await response.decode(bytes))
  }
  const logger = { debug: () => {}, error: () => {} }
  return { sent, args: { host: '127.0.0.1', port: 9092, logger, saslAuthenticate } }
}

const provider = async () => ({ value: 'garbage' })

describe('SASL/OAUTHBEARER (RFC 7628)', () => {
  it('an empty server answer is success; one exchange', async () => {
    const b = broker([Buffer.alloc(0)])
    await oauthBearerAuthenticator(provider)(b.args).authenticate()
    expect(b.sent).toHaveLength(1)
    expect(b.sent[0]!.subarray(4).toString()).toBe('n,,\u0001auth=Bearer garbage\u0001\u0001')
  })

  it("a JSON error answer is a failure (it was taken as success): %x01 ends the exchange, the broker's words are kept", async () => {
    const b = broker([
      Buffer.from('{"status":"invalid_token"}'),
      new Error(
        'Authentication failed during authentication due to invalid credentials with SASL mechanism OAUTHBEARER',
      ),
    ])
    const error = await oauthBearerAuthenticator(provider)(b.args)
      .authenticate()
      .then(
        () => undefined,
        (e: Error) => e,
      )
    expect(error?.name).toBe('KafkaJSSASLAuthenticationError')
    expect(error?.message).toBe(
      'SASL OAUTHBEARER authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism OAUTHBEARER',
    )
    expect(b.sent[1]!.toString('hex')).toBe('0000000101')
  })

  it("the server's error in words when it gives no other", () => {
    expect(serverError(Buffer.from('{"status":"invalid_token","scope":"kafka"}'))).toBe(
      'the token was refused (invalid_token, scope kafka)',
    )
    expect(serverError(Buffer.from('nope'))).toBe('the token was refused: nope')
  })
})
