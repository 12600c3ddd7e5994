import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The layering of ARCHITECTURE.md, checked on the source: every import of src/ (type-only ones too, and
// dynamic ones) runs downwards, and no module reaches itself through its imports.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

/** What each layer (a directory of src/) may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  config: ['core'],
  kafka: ['core'],
  local: ['core', 'config'],
  services: ['core', 'kafka', 'config'],
  output: ['core', 'services', 'local'],
  wizard: ['core'],
  base: ['core', 'config', 'kafka', 'local', 'services', 'output', 'wizard'],
  commands: ['core', 'config', 'kafka', 'local', 'services', 'output', 'wizard', 'base'],
}

/** Layers whose imports of another layer may only be of types (output renders results, it runs nothing). */
const TYPES_ONLY: Record<string, readonly string[]> = {
  output: ['services', 'local'],
}

/** Imports against the layering that are known and accepted, each with its reason. New ones fail. */
const READINESS =
  'a started cluster is ready when its brokers answer Metadata: the readiness probe speaks Kafka through a session'
const ALLOWED: Record<string, string> = {
  'local/readiness.ts -> kafka/session.ts': READINESS,
  'local/readiness.ts -> kafka/protocol/generated-request.ts': READINESS,
  'local/readiness.ts -> kafka/protocol/messages/metadata.ts': READINESS,
}

interface Import {
  from: string
  to: string
  typeOnly: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|cts|mts|cjs)$/.test(entry.name) ? [path] : []
  })
}

/** The module a relative specifier names: './x.js' is the source file './x.ts'. */
function resolveSpecifier(file: string, specifier: string, known: ReadonlySet<string>): string | null {
  const base = resolve(dirname(file), specifier)
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.cjs$/, '.d.cts'), `${base}.ts`]
  return candidates.find((c) => known.has(c)) ?? null
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(files: readonly string[]): Import[] {
  const known = new Set(files)
  const imports: Import[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[3] ?? m[4]!
      if (!specifier.startsWith('.')) continue
      const to = resolveSpecifier(file, specifier, known)
      if (to === null) throw new Error(`${relative(SRC, file)}: cannot resolve ${specifier}`)
      imports.push({ from: relative(SRC, file), to: relative(SRC, to), typeOnly: m[2] !== undefined })
    }
  }
  return imports
}

const layerOf = (path: string) => path.split('/')[0]!

/** Every cycle, as the strongly connected components of more than one module (or a module importing itself). */
function cycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, string[]>()
  for (const { from, to } of imports) {
    edges.set(from, [...(edges.get(from) ?? []), to])
    if (!edges.has(to)) edges.set(to, [])
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || edges.get(v)!.includes(v)) found.push(component.sort())
    }
  }
  for (const v of edges.keys()) if (!index.has(v)) visit(v)
  return found
}

function violations(imports: readonly Import[]): string[] {
  const out = new Set<string>()
  for (const { from, to, typeOnly } of imports) {
    const [source, target] = [layerOf(from), layerOf(to)]
    if (source === target) continue
    const rule = MAY_IMPORT[source]
    if (!rule) {
      out.add(`${from}: its layer ${source} has no rule in this test`)
      continue
    }
    const key = `${from} -> ${to}`
    if (key in ALLOWED) continue
    if (!rule.includes(target)) out.add(`${key}: ${source} may not import ${target}`)
    else if (TYPES_ONLY[source]?.includes(target) && !typeOnly)
      out.add(`${key}: ${source} may import only types from ${target}`)
  }
  return [...out]
}

describe('the import graph of src/', () => {
  const imports = importsOf(sourceFiles(SRC))

  it('is read: every layer has imports, type-only and dynamic ones included', () => {
    // A reader that found nothing would pass every check below.
    expect(imports.length).toBeGreaterThan(500)
    expect(imports.some((i) => i.typeOnly)).toBe(true)
    expect(imports).toContainEqual({
      from: 'kafka/protocol/messages/headers.ts',
      to: 'kafka/protocol/message-schema.ts',
      typeOnly: true,
    })
    for (const layer of Object.keys(MAY_IMPORT))
      expect(imports.some((i) => layerOf(i.from) === layer)).toBe(true)
  })

  it('has no cycle, type-only imports included', () => {
    expect(cycles(imports)).toEqual([])
  })

  it('runs downwards only: each layer imports only the layers below it', () => {
    expect(violations(imports)).toEqual([])
  })

  it('each accepted exception is still there (a fixed one is taken off the list)', () => {
    const keys = new Set(imports.map((i) => `${i.from} -> ${i.to}`))
    expect(Object.keys(ALLOWED).filter((key) => !keys.has(key))).toEqual([])
  })

  it('the checks find what they look for', () => {
    const fake = (from: string, to: string, typeOnly = false): Import => ({ from, to, typeOnly })
    expect(cycles([fake('core/a.ts', 'core/b.ts'), fake('core/b.ts', 'core/a.ts', true)])).toEqual([
      ['core/a.ts', 'core/b.ts'],
    ])
    expect(
      violations([
        fake('core/a.ts', 'kafka/b.ts', true),
        fake('output/a.ts', 'services/b.ts'),
        fake('output/a.ts', 'services/c.ts', true),
        fake('local/x.ts', 'kafka/session.ts'),
        fake('local/readiness.ts', 'kafka/session.ts'),
      ]),
    ).toEqual([
      'core/a.ts -> kafka/b.ts: core may not import kafka',
      'output/a.ts -> services/b.ts: output may import only types from services',
      'local/x.ts -> kafka/session.ts: local may not import kafka',
    ])
  })
})
