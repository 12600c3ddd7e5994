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
}
