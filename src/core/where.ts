import { KtkError, quoted } from './errors.js'

/**
 * A small, safe filter language over JSON values (no evaluation of user code):
 *
 *   expr    := or
 *   or      := and (("or" | "||") and)*
 *   and     := unary (("and" | "&&") unary)*
 *   unary   := ("not" | "!") unary | compare
 *   compare := operand (("==" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "~") operand)?
 *   operand := literal | path | "(" expr ")"
 *   path    := name ("." name | "[" integer "]" | "[" string "]")*
 *   literal := number | 'string' | "string" | true | false | null
 *
 * Numbers compare as numbers and strings as strings; other mixes are unequal and unordered. A missing
 * field is null. `~` matches a string against a regular expression. A bare operand tests truthiness.
 */
export type WhereExpr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; path: (string | number)[] }
  | { kind: 'not'; expr: WhereExpr }
  | { kind: 'and' | 'or'; left: WhereExpr; right: WhereExpr }
  | { kind: 'compare'; op: CompareOp; left: WhereExpr; right: WhereExpr; regex?: RegExp }

type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~'

interface Token {
  type: 'num' | 'str' | 'name' | 'op' | 'punct' | 'end'
  text: string
  value?: unknown
  at: number
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const at = i
    const two = source.slice(i, i + 2)
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ type: 'op', text: two, at })
      i += 2
    } else if ('<>=~!'.includes(c)) {
      tokens.push({ type: 'op', text: c === '=' ? '==' : c, at })
      i++
    } else if (
      '()[].'.includes(c) &&
      !(c === '.' && /\d/.test(source[i + 1] ?? '') && !isPathContinuation(tokens))
    ) {
      tokens.push({ type: 'punct', text: c, at })
      i++
    } else if (c === '"' || c === "'") {
      let j = i + 1
      let value = ''
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) {
          const e = source[j + 1]!
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e
          j += 2
        } else value += source[j++]
      }
      if (j >= source.length) throw whereError(source, at, 'unterminated string')
      tokens.push({ type: 'str', text: source.slice(i, j + 1), value, at })
      i = j + 1
    } else if (/[-\d.]/.test(c)) {
      const m = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(i))
      if (!m) throw whereError(source, at, `unexpected "${c}"`)
      tokens.push({ type: 'num', text: m[0], value: Number(m[0]), at })
      i += m[0].length
    } else if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z_$@][\w$@-]*/.exec(source.slice(i))!
      tokens.push({ type: 'name', text: m[0], at })
      i += m[0].length
    } else {
      throw whereError(source, at, `unexpected "${c}"`)
    }
  }
  tokens.push({ type: 'end', text: '', at: source.length })
  return tokens
}

const isPathContinuation = (tokens: Token[]) => {
  const last = tokens[tokens.length - 1]
  return last !== undefined && (last.type === 'name' || last.text === ']')
}

/** How deep parentheses and "not" may nest: far beyond any real filter, far below the stack's limit. */
export const MAX_WHERE_DEPTH = 100

function whereError(source: string, at: number, problem: string): KtkError {
  // The expression is echoed from the column of the problem, cut short: a long one stays one line.
  const from = Math.max(0, at - 20)
  const excerpt = `${from > 0 ? '…' : ''}${source.slice(from)}`
  return new KtkError('USAGE', `--where: ${problem} at column ${at + 1}: ${quoted(excerpt).slice(1, -1)}`, {
    hints: ['e.g. --where \'total_price > 100 and customer.country == "DE"\''],
  })
}

export function parseWhere(source: string): WhereExpr {
  const tokens = tokenize(source)
  let pos = 0
  const peek = () => tokens[pos]!
  const next = () => tokens[pos++]!
  const isWord = (t: Token, word: string) => t.type === 'name' && t.text.toLowerCase() === word
  let depth = 0
  const deeper = (t: Token) => {
    if (++depth > MAX_WHERE_DEPTH)
      throw whereError(source, t.at, `nested more than ${MAX_WHERE_DEPTH} deep (parentheses and "not")`)
  }
  const expect = (text: string) => {
    const t = next()
    if (t.text !== text)
      throw whereError(
        source,
        t.at,
        `expected "${text}"${t.type === 'end' ? ' at the end' : ` but found "${t.text}"`}`,
      )
  }

  const parseOr = (): WhereExpr => {
    const operands = [parseAnd()]
    while (isWord(peek(), 'or') || peek().text === '||') {
      next()
      operands.push(parseAnd())
    }
    return balanced('or', operands)
  }
  const parseAnd = (): WhereExpr => {
    const operands = [parseUnary()]
    while (isWord(peek(), 'and') || peek().text === '&&') {
      next()
      operands.push(parseUnary())
    }
    return balanced('and', operands)
  }
  const parseUnary = (): WhereExpr => {
    if (isWord(peek(), 'not') || (peek().type === 'op' && peek().text === '!')) {
      deeper(next())
      const expr = parseUnary()
      depth--
      return { kind: 'not', expr }
    }
    return parseCompare()
  }
  const parseCompare = (): WhereExpr => {
    const left = parseOperand()
    const t = peek()
    if (t.type === 'op' && ['==', '!=', '<', '<=', '>', '>=', '~'].includes(t.text)) {
      next()
      const right = parseOperand()
      const op = t.text as CompareOp
      if (op === '~') {
        if (right.kind !== 'literal' || typeof right.value !== 'string')
          throw whereError(source, t.at, '~ needs a string (a regular expression) on its right')
        let regex: RegExp
        try {
          regex = new RegExp(right.value)
          regex.test('') // V8 compiles lazily: a pattern too large fails at its first use
        } catch (error) {
          const reason = (error as Error).message.split(': ').pop() ?? ''
          throw whereError(source, t.at, `bad regular expression: ${quoted(reason).slice(1, -1)}`)
        }
        return { kind: 'compare', op, left, right, regex }
      }
      return { kind: 'compare', op, left, right }
    }
    return left
  }
  const parseOperand = (): WhereExpr => {
    const t = next()
    if (t.type === 'num' || t.type === 'str') return { kind: 'literal', value: t.value }
    if (t.text === '(') {
      deeper(t)
      const inner = parseOr()
      expect(')')
      depth--
      return inner
    }
    if (t.type === 'name' || t.text === '[') {
      const word = t.text.toLowerCase()
      if (word === 'true') return { kind: 'literal', value: true }
      if (word === 'false') return { kind: 'literal', value: false }
      if (word === 'null') return { kind: 'literal', value: null }
      if (['and', 'or', 'not'].includes(word))
        throw whereError(source, t.at, `expected a value but found "${t.text}"`)
      const path: (string | number)[] = []
      if (t.text === '[')
        pos-- // a path may start with ["a field with spaces"]
      else path.push(t.text)
      for (;;) {
        if (peek().text === '.') {
          next()
          const name = next()
          if (name.type !== 'name' && name.type !== 'num')
            throw whereError(source, name.at, 'expected a field name after "."')
          path.push(name.text)
        } else if (peek().text === '[') {
          next()
          const index = next()
          if (index.type === 'num' && Number.isInteger(index.value)) path.push(index.value as number)
          else if (index.type === 'str') path.push(index.value as string)
          else throw whereError(source, index.at, 'expected an index or a quoted name inside [ ]')
          expect(']')
        } else break
      }
      return { kind: 'path', path }
    }
    throw whereError(
      source,
      t.at,
      t.type === 'end' ? 'the expression ends too early' : `unexpected "${t.text}"`,
    )
  }

  const expr = parseOr()
  if (peek().type !== 'end') throw whereError(source, peek().at, `unexpected "${peek().text}"`)
  return expr
}

/**
 * a and b and c ... as a balanced tree: evaluation (left to right, short-circuit) is the same as the
 * left-leaning chain, and a long chain stays shallow enough for the recursive evaluator.
 */
function balanced(kind: 'and' | 'or', operands: WhereExpr[]): WhereExpr {
  if (operands.length === 1) return operands[0]!
  const middle = Math.floor(operands.length / 2)
  return {
    kind,
    left: balanced(kind, operands.slice(0, middle)),
    right: balanced(kind, operands.slice(middle)),
  }
}

function resolve(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return null
    current = (current as Record<string | number, unknown>)[key]
    if (current === undefined) return null
  }
  return current
}

function operandValue(expr: WhereExpr, doc: unknown): unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value
    case 'path':
      return resolve(doc, expr.path)
    default:
      return evaluateWhere(expr, doc)
  }
}

function truthy(v: unknown): boolean {
  return !(v === null || v === false || v === 0 || v === '' || v === undefined)
}

function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b
  if (typeof a !== typeof b) return false
  if (typeof a === 'object') return JSON.stringify(a) === JSON.stringify(b)
  return a === b
}

/** Evaluates a parsed expression against a JSON document. */
export function evaluateWhere(expr: WhereExpr, doc: unknown): boolean {
  switch (expr.kind) {
    case 'literal':
    case 'path':
      return truthy(operandValue(expr, doc))
    case 'not':
      return !evaluateWhere(expr.expr, doc)
    case 'and':
      return evaluateWhere(expr.left, doc) && evaluateWhere(expr.right, doc)
    case 'or':
      return evaluateWhere(expr.left, doc) || evaluateWhere(expr.right, doc)
    case 'compare': {
      const a = operandValue(expr.left, doc)
      if (expr.op === '~') return typeof a === 'string' && expr.regex!.test(a)
      const b = operandValue(expr.right, doc)
      if (expr.op === '==') return equal(a, b)
      if (expr.op === '!=') return !equal(a, b)
      const comparable =
        (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')
      if (!comparable) return false
      const x = a as number | string
      const y = b as number | string
      switch (expr.op) {
        case '<':
          return x < y
        case '<=':
          return x <= y
        case '>':
          return x > y
        default:
          return x >= y
      }
    }
  }
}
