import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cacheDir } from './paths.js'

/**
 * Names completion looked up, kept briefly so that pressing TAB again does not ask the cluster again.
 * A cache that cannot be read or written only costs a lookup.
 */
export class CompletionCache {
  constructor(
    private readonly ttlMs: number,
    private readonly dir = join(cacheDir(), 'completion'),
    private readonly now = () => Date.now(),
  ) {}

  read(key: string): string[] | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.file(key), 'utf8')) as { at: number; names: string[] }
      const age = this.now() - entry.at
      return age >= 0 && age < this.ttlMs && Array.isArray(entry.names) ? entry.names : undefined
    } catch {
      return undefined
    }
  }

  write(key: string, names: readonly string[]): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 })
      const tmp = `${this.file(key)}.${process.pid}`
      writeFileSync(tmp, JSON.stringify({ at: this.now(), names }), { mode: 0o600 })
      renameSync(tmp, this.file(key))
    } catch {}
  }

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`)
  }
}
