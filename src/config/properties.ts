/** One property and the line it starts on (1-based), for messages. */
export interface PropertyLine {
  key: string
  value: string
  line: number
}

/**
 * Java .properties files (java.util.Properties.load): `key=value`, `key: value` or `key value`, comments
 * with # or !, backslash line continuations and escapes. Used for --command-config.
 */
export function parseProperties(text: string): Map<string, string> {
  return new Map(parsePropertyLines(text).map((p) => [p.key, p.value]))
}

/** Every property in file order, with the line it starts on (a later duplicate wins in a Map). */
export function parsePropertyLines(text: string): PropertyLine[] {
  const result: PropertyLine[] = []
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1
    let line = lines[i]!.replace(/^[ \t\f]+/, '')
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '')
    }
    const { key, value } = splitKeyValue(line)
    result.push({ key: unescapeJava(key), value: unescapeJava(value), line: start })
  }
  return result
}

/** A Kafka client setting's name: `sasl.jaas.config`, `ssl.truststore.location`, `client.id`. */
const CLIENT_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
/** Bytes no text file holds: C0 controls other than tab, line ends and form feed, and DEL. */
const BINARY = /[\x00-\x08\x0b\x0e-\x1f\x7f]/

/**
 * A Kafka client properties file (--command-config), checked as Kafka's tools would need it: text,
 * at least one setting, and every key a client setting's name. The problem names the line (1-based).
 */
export function parseClientProperties(
  bytes: Buffer,
): { ok: true; properties: Map<string, string> } | { ok: false; line?: number; problem: string } {
  const text = bytes.toString('utf8')
  const lines = text.split(/\r\n|\r|\n/)
  const binary = lines.findIndex((l) => BINARY.test(l))
  if (binary >= 0) return { ok: false, line: binary + 1, problem: 'not a text file (binary data)' }
  const entries = parsePropertyLines(text)
  for (const entry of entries) {
    if (entry.key.includes('\uFFFD') || entry.value.includes('\uFFFD')) {
      return { ok: false, line: entry.line, problem: 'not UTF-8 text' }
    }
    if (!CLIENT_KEY.test(entry.key)) {
      const key = entry.key.length > 40 ? `${entry.key.slice(0, 40)}…` : entry.key
      return {
        ok: false,
        line: entry.line,
        problem: `"${key}" is not a client setting's name (key=value, e.g. security.protocol=SASL_SSL)`,
      }
    }
  }
  if (entries.length === 0) return { ok: false, problem: 'no settings in it (key=value lines)' }
  return { ok: true, properties: new Map(entries.map((e) => [e.key, e.value])) }
}

function endsWithOddBackslashes(line: string): boolean {
  const m = /\\+$/.exec(line)
  return m !== null && m[0].length % 2 === 1
}

function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0
  while (i < line.length) {
    const c = line[i]
    if (c === '\\') {
      i += 2
      continue
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break
    i++
  }
  const key = line.slice(0, i)
  let rest = line.slice(i).replace(/^[ \t\f]+/, '')
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '')
  return { key, value: rest }
}

function unescapeJava(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16))
    return { t: '\t', n: '\n', r: '\r', f: '\f' }[e] ?? e
  })
}

export interface JaasLogin {
  loginModule: string
  options: Record<string, string>
}

/**
 * sasl.jaas.config: `<LoginModule> required key="value" key2=value2;`. Only the option values matter
 * to ktk (username and password); the module tells the mechanism family apart.
 */
export function parseJaasConfig(text: string): JaasLogin | undefined {
  const m = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\s*(.*?);?\s*$/s.exec(text)
  if (!m) return undefined
  const options: Record<string, string> = {}
  const re = /([\w.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/g
  for (let o = re.exec(m[3]!); o !== null; o = re.exec(m[3]!)) {
    options[o[1]!] = o[2] !== undefined ? o[2].replace(/\\(.)/g, '$1') : o[3]!
  }
  return { loginModule: m[1]!, options }
}
