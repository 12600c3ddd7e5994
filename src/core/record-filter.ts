import { headersOf, keyText, type RecordBlock, valueText } from './records.js'
import { evaluateWhere, type WhereExpr } from './where.js'

export interface RecordFilterSpec {
  /** Matches the key or the value (as UTF-8 text). */
  grep?: RegExp
  /** Every one must be present with exactly this value. */
  headers?: readonly { key: string; value: string }[]
  /** On the value parsed as JSON; a value that is not JSON does not match. */
  where?: WhereExpr
}

export type RecordFilter = (block: RecordBlock, i: number) => boolean

export function compileFilter(spec: RecordFilterSpec): RecordFilter | null {
  const { grep, headers, where } = spec
  if (!grep && (!headers || headers.length === 0) && !where) return null
  const wanted = (headers ?? []).map((h) => ({ key: h.key, value: Buffer.from(h.value, 'utf8') }))
  return (b, i) => {
    if (grep) {
      grep.lastIndex = 0
      const k = keyText(b, i)
      const inKey = k !== null && grep.test(k)
      grep.lastIndex = 0
      const v = inKey ? null : valueText(b, i)
      if (!inKey && !(v !== null && grep.test(v))) return false
    }
    if (wanted.length > 0) {
      const present = headersOf(b, i)
      for (const h of wanted) {
        if (!present.some((x) => x.key === h.key && x.value !== null && x.value.equals(h.value))) return false
      }
    }
    if (where) {
      const text = valueText(b, i)
      if (text === null) return false
      let doc: unknown
      try {
        doc = JSON.parse(text)
      } catch {
        return false
      }
      return evaluateWhere(where, doc)
    }
    return true
  }
}
