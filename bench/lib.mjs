// Shared pieces of ktk's benchmarks: a dedicated local cluster, hyperfine runs, BENCHMARKS.md sections.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const KTK = `node ${join(ROOT, 'bin', 'run.js')}`
export const RESULTS = join(ROOT, 'bench', 'results')

/** ktk's own pieces (LocalCluster, openGateway, …) from the built bundle. */
export const ktkBundle = () => createRequire(import.meta.url)(join(ROOT, 'dist', 'ktk.cjs'))

/** A Kafka cluster for benchmarks only, started by ktk's own src/local (from the build in dist/). */
// Below Linux's ephemeral ports (32768 and up), which a client connection might hold by chance.
export const BENCH_PORT_BASE = Number(process.env.KTK_BENCH_PORT_BASE ?? 29092)

export async function benchCluster({ name, version = '4.1.2', brokers = 1, port }) {
  const { LocalCluster, cacheDir } = ktkBundle()
  const cluster = new LocalCluster({
    root: join(ROOT, '.ktk-bench', name, 'local'),
    cacheDir: cacheDir(),
    env: process.env,
    progress: (m) => console.error(`[${name}] ${m}`),
  })
  await cluster.stop()
  const status = await cluster.start({ version, brokers, port, fresh: true, waitMs: 240_000 })
  return {
    cluster,
    bootstrap: status.bootstrap,
    jars: cluster.record.jarsDir,
    version,
    stop: () => cluster.stop({ deleteData: true }),
  }
}

/** ktk's gateway to a benchmark cluster, for setting it up (topics, offsets). */
export function benchGateway(bootstrap) {
  const { openGateway } = ktkBundle()
  return openGateway({
    bootstrapServers: [bootstrap],
    source: 'flag',
    clientId: 'ktk-bench',
    timeoutMs: 60_000,
    securityProtocol: 'PLAINTEXT',
  })
}

/** Runs hyperfine on named commands; returns per-command timings in ms. */
export function hyperfine(name, commands, { warmup = 2, runs = 15, prepare } = {}) {
  mkdirSync(RESULTS, { recursive: true })
  const out = join(RESULTS, `${name}.raw.json`)
  const args = [
    '-N',
    '--style',
    'basic',
    '--warmup',
    String(warmup),
    '--runs',
    String(runs),
    '--export-json',
    out,
  ]
  // prepare: a command run before every timed run (not timed), e.g. to recreate a topic.
  if (prepare) args.push('--prepare', prepare)
  for (const [label, command] of Object.entries(commands)) args.push('--command-name', label, command)
  const r = spawnSync('hyperfine', args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) throw new Error(`hyperfine failed for ${name}`)
  const { results } = JSON.parse(readFileSync(out, 'utf8'))
  return Object.fromEntries(
    results.map((x) => [
      x.command,
      {
        median: x.median * 1000,
        mean: x.mean * 1000,
        stddev: (x.stddev ?? 0) * 1000,
        min: x.min * 1000,
        max: x.max * 1000,
        runs: x.times.length,
        command: commands[x.command],
      },
    ]),
  )
}

export function machine() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0]
  const hyperfineVersion = execFileSync('hyperfine', ['--version'], { encoding: 'utf8' }).trim().split(' ')[1]
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${java}, hyperfine ${hyperfineVersion}, load average ${loadavg()[0].toFixed(1)} at the end`
}

export const ms = (x) => `${x.toFixed(0)} ms`

/** Pads the cells of every Markdown table so that the columns line up in the source too. */
function alignTables(markdown) {
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|')) continue
    let j = i
    while (j < lines.length && lines[j].startsWith('|')) j++
    const rows = lines.slice(i, j).map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    )
    const right = rows[1].map((c) => c.endsWith(':'))
    const widths = rows[0].map((_, k) => Math.max(3, ...rows.map((r, n) => (n === 1 ? 0 : r[k].length))))
    const cell = (text, k, n) =>
      n === 1
        ? right[k]
          ? `${'-'.repeat(widths[k] - 1)}:`
          : '-'.repeat(widths[k])
        : right[k]
          ? text.padStart(widths[k])
          : text.padEnd(widths[k])
    lines.splice(i, j - i, ...rows.map((r, n) => `| ${r.map((c, k) => cell(c, k, n)).join(' | ')} |`))
    i = j
  }
  return lines.join('\n')
}

/** Replaces (or appends) the section between <!-- bench:NAME --> markers in BENCHMARKS.md. */
export function writeSection(name, markdown) {
  const path = join(ROOT, 'BENCHMARKS.md')
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    text =
      '# Benchmarks\n\nProduced by `npm run bench` (bench/run.mjs). Each section is rewritten by its benchmark; the numbers in a section come from one run, on the machine it names. Times are medians of hyperfine runs: the machine is noisy, so compare ratios measured in the same run rather than absolute numbers across runs.\n'
  }
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const block = `${start}\n${alignTables(markdown.trim())}\n${end}`
  const re = new RegExp(`${start}[\\s\\S]*?${end}`)
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(path, text)
}
