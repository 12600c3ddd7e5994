import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import type { z } from 'zod'
import { type ErrorCode, KtkError } from '../core/errors.js'

/** A place in a file, for messages: `ktk.naming.yaml:7:5`. */
export interface FilePosition {
  file: string
  line: number
  column: number
}

export const formatPosition = (p: FilePosition) => `${p.file}:${p.line}:${p.column}`

export interface ParsedYaml<T> {
  value: T
  /** Where the node at a path (keys and indexes from the root) starts; the nearest parent when missing. */
  positionOf(path: readonly PropertyKey[]): FilePosition
}

/**
 * Parses a YAML file and validates it with a zod schema. Every error names the file and the line and
 * column of the offending node (zod issue paths are mapped back to YAML nodes), and the path within
 * the document (`topics[2].partitions`), as a KtkError with `code` (exit 2).
 */
export function parseYamlFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  code: ErrorCode,
): ParsedYaml<z.output<S>> {
  const lineCounter = new LineCounter()
  // Integers as bigint: 9223372036854775807 (Long.MAX_VALUE, a common retention) survives exactly.
  const doc = parseDocument(text, { lineCounter, intAsBigInt: true, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number): FilePosition => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, column: col }
  }
  const syntax = doc.errors[0]
  if (syntax) {
    const where = at(syntax.pos[0])
    const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new KtkError(code, `${formatPosition(where)}: ${reason}`, {
      hints: ['the file must be valid YAML'],
    })
  }

  /** `key`: point at the last key itself rather than its value (an unknown key). */
  const positionOf = (path: readonly PropertyKey[], key = false): FilePosition => {
    let node: Node | null = (doc.contents as Node | null) ?? null
    let offset = node?.range?.[0] ?? 0
    for (let i = 0; i < path.length; i++) {
      const step = path[i]
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step)
        if (!pair) break
        const keyNode = pair.key as Node | null
        const valueNode = key && i === path.length - 1 ? null : (pair.value as Node | null)
        node = valueNode ?? keyNode
        offset = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? offset
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step] as Node | undefined
        if (!item) break
        node = item
        offset = item.range?.[0] ?? offset
      } else {
        break
      }
    }
    return at(offset)
  }

  const raw = doc.toJS({ mapAsMap: false }) as unknown
  const parsed = schema.safeParse(raw ?? {})
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => {
      const unknownKey = issue.code === 'unrecognized_keys'
      const path = unknownKey ? [...issue.path, issue.keys[0]!] : (issue.path as PropertyKey[])
      const where = positionOf(path, unknownKey)
      const missing = !unknownKey && valueAt(raw, path) === undefined && issue.code !== 'custom'
      return `${formatPosition(where)}: ${describePath(path)}${missing ? 'is required' : lowerFirst(issue.message)}`
    })
    throw new KtkError(code, messages[0]!, {
      details: messages.slice(1),
      hints: messages.length > 1 ? [`${messages.length} problems in ${file}`] : [],
    })
  }
  return { value: parsed.data, positionOf }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return ''
  const text = path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('')
  return `${text}: `
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
