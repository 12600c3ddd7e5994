/**
 * Java .properties files (java.util.Properties.load): `key=value`, `key: value` or `key value`, comments
 * with # or !, backslash line continuations and escapes. Used for --command-config.
 */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>()
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '')
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '')
    }
    const { key, value } = splitKeyValue(line)
    result.set(unescapeJava(key), unescapeJava(value))
  }
  return result
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
