#!/usr/bin/env node
// ktk's benchmarks: `npm run bench [-- name ...]`. Each writes its section of BENCHMARKS.md.
const all = {
  topics: () => import('./topics.mjs'),
  groups: () => import('./groups.mjs'),
  records: () => import('./records.mjs'),
}
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(all)
for (const name of wanted) {
  if (!all[name]) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(all).join(', ')}`)
    process.exit(2)
  }
  console.error(`== benchmark: ${name}`)
  await (await all[name]()).run()
}
