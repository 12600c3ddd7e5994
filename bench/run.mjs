#!/usr/bin/env node
// ktk's benchmarks: `npm run bench [-- name ...]`. Each writes its section of BENCHMARKS.md.
import { spawnSync } from 'node:child_process'

const all = {
  topics: () => import('./topics.mjs'),
  groups: () => import('./groups.mjs'),
  records: () => import('./records.mjs'),
}
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(all)
// The benchmarks time with hyperfine and compare with kcat (Debian packages): say so once, up front.
const missing = ['hyperfine', 'kcat'].filter((tool) => spawnSync(tool, ['--version']).error)
if (missing.length > 0) {
  console.error(`the benchmarks need ${missing.join(' and ')}: apt-get install ${missing.join(' ')}`)
  process.exit(2)
}
for (const name of wanted) {
  if (!all[name]) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(all).join(', ')}`)
    process.exit(2)
  }
  console.error(`== benchmark: ${name}`)
  await (await all[name]()).run()
}
