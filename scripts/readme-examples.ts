/**
 * The README's runnable examples: every `$ ` line of its ```console blocks, with the output shown under
 * it and the exit code it states (`# exit N` at the end of the line, else 0). Blocks tagged `run-last`
 * (```console run-last: the picture at the top) run after the others, since they show the state the
 * everyday tasks leave. test/e2e/readme.test.ts runs them; run this file to refresh the README's output
 * from a real run:
 *
 *   ./bin/run.js local start --fresh && npx tsx scripts/readme-examples.ts
 *
 * It runs each line with bash, `ktk` on PATH being this checkout's bin/run.js, against the cluster ktk
 * reaches by default (here the fresh local one: the examples create their topic and group), with a
 * contexts file of its own, and writes
 * what each printed (stdout and stderr, as a terminal shows them) under it in README.md.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface Example {
  command: string
  expectedExit: number
  output: string[]
  /** README line of the command (1-based), for messages. */
  line: number
}

export interface Block {
  info: string
  body: string[]
  /** README line of the block's first body line (1-based). */
  line: number
}

export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)?$/.exec(lines[i]!)
    if (!open) continue
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && lines[j] !== '```') body.push(lines[j++]!)
    blocks.push({ info: open[1] ?? '', body, line: i + 2 })
    i = j
  }
  return blocks
}

function examplesOf(block: Block): Example[] {
  const found: Example[] = []
  block.body.forEach((text, index) => {
    if (text.startsWith('$ ')) {
      const command = text.slice(2)
      const exit = /#\s*exit (\d+)\s*$/.exec(command)
      found.push({ command, expectedExit: exit ? Number(exit[1]) : 0, output: [], line: block.line + index })
    } else {
      const current = found.at(-1)
      if (!current) throw new Error(`README line ${block.line + index}: output before any $ command`)
      current.output.push(text)
    }
  })
  return found
}

const isConsole = (block: Block) => block.info.split(/\s+/)[0] === 'console'
const runsLast = (block: Block) => block.info.split(/\s+/).includes('run-last')

/** The examples in the order they run. */
export function readmeExamples(markdown: string): Example[] {
  const blocks = fencedBlocks(markdown).filter(isConsole)
  return [...blocks.filter((b) => !runsLast(b)), ...blocks.filter(runsLast)].flatMap(examplesOf)
}

/** A folder holding `ktk`, a program running this checkout's bin/run.js, to put first on PATH. */
export function ktkOnPath(repository: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'ktk-readme-bin-'))
  const ktk = join(bin, 'ktk')
  writeFileSync(ktk, `#!/bin/sh\nexec "${process.execPath}" "${join(repository, 'bin', 'run.js')}" "$@"\n`)
  chmodSync(ktk, 0o755)
  return bin
}

function refresh(readmePath: string) {
  const markdown = readFileSync(readmePath, 'utf8')
  const bin = ktkOnPath(process.cwd())
  const cwd = mkdtempSync(join(tmpdir(), 'ktk-readme-cwd-'))
  // A config folder of its own, so `context add` in the examples leaves the user's contexts alone; the
  // README shows it where it is by default.
  const config = mkdtempSync(join(tmpdir(), 'ktk-readme-config-'))
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, KTK_CONFIG_DIR: config, NO_COLOR: '1' }
  const printed = new Map<number, string[]>()
  let mismatches = 0
  for (const example of readmeExamples(markdown)) {
    const result = spawnSync('bash', ['-c', `exec 2>&1\n${example.command}`], { env, cwd, encoding: 'utf8' })
    const text = result.stdout.replace(/\n$/, '').replaceAll(config, '/home/me/.config/ktk')
    printed.set(example.line, text === '' ? [] : text.split('\n'))
    const ok = result.status === example.expectedExit
    if (!ok) mismatches++
    process.stderr.write(
      `${ok ? 'ok ' : 'EXIT'} ${result.status} README:${example.line} $ ${example.command}\n`,
    )
  }
  // Rewrite each example's output lines, leaving everything else as it was.
  const lines = markdown.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]!)
    const output = printed.get(i + 1)
    if (!output) continue
    out.push(...output)
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('$ ') && lines[i + 1] !== '```') i++
  }
  writeFileSync(readmePath, out.join('\n'))
  if (mismatches > 0) {
    process.stderr.write(`${mismatches} example(s) did not exit as the README says\n`)
    process.exitCode = 1
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) refresh(join(process.cwd(), 'README.md'))
