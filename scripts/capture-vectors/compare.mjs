// Compares freshly captured vectors with the committed ones, as parsed JSON (the committed files are
// formatted by Biome); exits 1 naming the first difference.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'

const [fresh, committed] = process.argv.slice(2)
const names = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
const stale = (why) => {
  console.error(
    `${committed} is stale (${why}): run scripts/capture-vectors/capture.sh and commit the result.`,
  )
  process.exit(1)
}
if (!isDeepStrictEqual(names(fresh), names(committed))) stale('the files differ')
for (const name of names(fresh)) {
  const a = JSON.parse(readFileSync(join(fresh, name), 'utf8'))
  const b = JSON.parse(readFileSync(join(committed, name), 'utf8'))
  if (!isDeepStrictEqual(a, b)) stale(`${name} differs`)
}
