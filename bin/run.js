#!/usr/bin/env node
// `ktk --version` is answered here, in oclif's format, without loading the framework: scripts call it
// to probe for ktk, and a version check should cost what starting Node costs.
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  const { readFileSync } = await import('node:fs')
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`ktk/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const { execute } = await import('@oclif/core')
  await execute({ dir: import.meta.url })
}
