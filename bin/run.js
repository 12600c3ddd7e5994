#!/usr/bin/env node
// `ktk --version` is answered here, in oclif's format, without loading the bundle: scripts call it to
// probe for ktk, and a version check should cost what starting Node costs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const args = process.argv.slice(2)

// The last resort: whatever escaped a command's own error handling is still one line (a JSON error
// document under --json) and exit 1, never Node's report, which prints the throwing line of the source:
// in a one-line bundle that is the whole bundle. --debug or KTK_DEBUG adds the stack.
function lastResort(error) {
  const text = String(error?.message || error)
    .split('\n')[0]
    .slice(0, 300)
  const message = `unexpected internal error: ${text}`
  try {
    if (args.includes('--json')) {
      const hints = ['this is a bug in ktk: run again with --debug to see where']
      process.stdout.write(`${JSON.stringify({ error: { code: 'UNEXPECTED', message, exit: 1, hints } })}\n`)
    } else {
      process.stderr.write(
        `error: ${message}\nhint: this is a bug in ktk: run again with --debug to see where\n`,
      )
    }
    if (args.includes('--debug') || process.env.KTK_DEBUG) process.stderr.write(`${error?.stack}\n`)
  } finally {
    process.exit(1)
  }
}
process.on('uncaughtException', lastResort)
process.on('unhandledRejection', lastResort)
if (args.length === 1 && args[0] === '--version') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`ktk/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const require = createRequire(import.meta.url)
  const loadBundle = require('./load-bundle.cjs')
  const { execute } = loadBundle(new URL('../dist/ktk.cjs', import.meta.url).pathname)
  await execute({ dir: import.meta.url })
  // execute() has settled: the command has reported and set its exit code. Nothing left behind (a timer
  // or socket a library did not close) may keep a finished ktk running, so once stdout and stderr have
  // flushed, exit. A stream that never calls back (a reader that stopped reading) gets one second.
  const flushed = (stream) => new Promise((resolve) => stream.write('', resolve))
  await Promise.race([
    Promise.all([flushed(process.stdout), flushed(process.stderr)]),
    new Promise((resolve) => setTimeout(resolve, 1000).unref()),
  ])
  process.exit()
}
