import { KtkError } from '../core/errors.js'

/** A bootstrap list, `host:port[,host:port]` (listener prefixes such as PLAINTEXT:// are dropped). */
export function parseBootstrap(raw: string): string[] {
  const servers = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/^[A-Z_]+:\/\//, '')) // PLAINTEXT://host:port as in listener lists
  for (const s of servers) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(s)
    if (!m || Number(m[2]) > 65535) {
      throw new KtkError('USAGE', `bootstrap server "${s}" is not host:port`, {
        hints: ['write it as host:port, several separated by commas: broker1:9092,broker2:9092'],
      })
    }
  }
  if (servers.length === 0) throw new KtkError('USAGE', 'the bootstrap server list is empty')
  return servers
}
