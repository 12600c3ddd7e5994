#!/usr/bin/env node
// `ktk --version` is answered here, in oclif's format, without loading the bundle: scripts call it to
// probe for ktk, and a version check should cost what starting Node costs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const args = process.argv.slice(2)
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
