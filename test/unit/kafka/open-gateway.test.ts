import { createServer, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { openGateway } from '../../../src/kafka/index.js'

describe('openGateway', () => {
  it('sends nothing until the first call', async () => {
    const sockets: Socket[] = []
    const server = createServer((socket) => sockets.push(socket)) // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const gateway = openGateway({
        bootstrapServers: [`127.0.0.1:${port}`],
        source: 'flag',
        clientId: 'ktk-unit',
        timeoutMs: 200,
        securityProtocol: 'PLAINTEXT',
      })
      await new Promise((resolve) => setImmediate(resolve))
      expect(sockets).toHaveLength(0)
      await expect(gateway.listTopics()).rejects.toMatchObject({ code: 'BROKER_UNREACHABLE', exit: 7 })
      expect(sockets.length).toBeGreaterThan(0)
      await gateway.close()
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
