import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { type Document, parseDocument } from 'yaml'
import { KtkError } from '../core/errors.js'
import { closest } from '../core/suggest.js'
import { type Context, type ContextsFile, contextsFileSchema } from './context-schema.js'
import { withFileLock } from './file-lock.js'
import { configDir } from './paths.js'
import { parseYamlFile } from './yaml-file.js'

const HEADER = ` ktk contexts: one per cluster (see: ktk context --help).
 Secrets are references (env, file, prompt); a value is stored here only with --store-secret.
 This file is written with mode 0600; keep it that way.
`

export function contextsPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(configDir(env), 'contexts.yaml')
}

/**
 * The contexts file: read and validated with zod (errors name the line), changed in place so that a
 * person's comments survive, and written atomically (a temporary file renamed over it) with mode 0600.
 */
export class ContextStore {
  private doc: Document | undefined
  private data: ContextsFile | undefined
  private depth = 0
  private dirty = false

  constructor(
    readonly path: string,
    private readonly options: { lockWaitMs?: number } = {},
  ) {}

  get exists(): boolean {
    return existsSync(this.path)
  }

  read(): ContextsFile {
    if (this.data) return this.data
    if (!this.exists) {
      this.data = {}
      return this.data
    }
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (error) {
      throw new KtkError('USAGE', `cannot read ${this.path}: ${(error as Error).message}`)
    }
    this.data = parseYamlFile(this.path, text, contextsFileSchema, 'USAGE').value
    this.doc = parseDocument(text)
    return this.data
  }

  names(): string[] {
    return Object.keys(this.read().contexts ?? {}).sort()
  }

  get current(): string | undefined {
    return this.read()['current-context'] || undefined
  }

  find(name: string): Context | undefined {
    return this.read().contexts?.[name]
  }

  /** The context of this name, or exit 4 naming the nearest one. */
  get(name: string): Context {
    const context = this.find(name)
    if (!context) throw this.notFound(name)
    return context
  }

  notFound(name: string): KtkError {
    const names = this.names()
    const close = closest(name, names)
    return new KtkError('NOT_FOUND', `there is no context "${name}"`, {
      hints: [
        close ? `did you mean ${close}?` : '',
        names.length > 0
          ? `contexts: ${names.join(', ')}`
          : 'add one with: ktk context add <name> --bootstrap-server host:port',
      ].filter(Boolean),
    })
  }

  set(name: string, context: Context): void {
    this.edit((doc) => doc.setIn(['contexts', name], doc.createNode(context)))
  }

  remove(name: string): void {
    this.edit((doc) => {
      doc.deleteIn(['contexts', name])
      if (doc.get('current-context') === name) doc.delete('current-context')
    })
  }

  setCurrent(name: string | undefined): void {
    this.edit((doc) =>
      name === undefined ? doc.delete('current-context') : doc.set('current-context', name),
    )
  }

  /**
   * Runs a read-check-change sequence as one: under the store's lock (so two ktk processes never
   * lose each other's writes), on the file as it is now (re-read under the lock), written once at
   * the end. Edits outside a transaction are each a transaction of their own.
   */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work()
    const lock = { what: `the contexts file ${this.path}`, waitMs: this.options.lockWaitMs }
    return withFileLock(`${this.path}.lock`, lock, () => {
      this.data = undefined
      this.doc = undefined
      this.depth++
      let result: T
      try {
        result = work()
      } catch (error) {
        this.data = undefined // the changes made so far were not written: forget them
        this.doc = undefined
        this.dirty = false
        throw error
      } finally {
        this.depth--
      }
      if (this.dirty) {
        this.dirty = false
        writePrivateFile(this.path, this.doc!.toString({ lineWidth: 0 }))
      }
      return result
    })
  }

  private edit(change: (doc: Document) => void): void {
    this.transaction(() => {
      this.read()
      const doc = this.doc ?? parseDocument('version: 1\n')
      if (!this.doc) doc.commentBefore = HEADER
      change(doc)
      const text = doc.toString({ lineWidth: 0 })
      // Validate what is about to be written: a bad edit must never replace a good file.
      this.data = parseYamlFile(this.path, text, contextsFileSchema, 'USAGE').value
      this.doc = doc
      this.dirty = true
    })
  }
}

/** Writes a file only its owner can read, atomically: a crash leaves the old file or the new one. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw error
  }
  closeSync(fd)
  chmodSync(tmp, 0o600) // the umask may have taken bits away, never added: make it exactly 0600
  renameSync(tmp, path)
}
