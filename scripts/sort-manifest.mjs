#!/usr/bin/env node
// `oclif manifest` lists commands in the order its loader finished them, which varies between runs.
// Sorting makes the committed manifest reproducible, so CI can fail when it is stale.
import { readFileSync, writeFileSync } from 'node:fs'

const path = 'oclif.manifest.json'
const manifest = JSON.parse(readFileSync(path, 'utf8'))
manifest.commands = Object.fromEntries(
  Object.entries(manifest.commands).sort(([a], [b]) => a.localeCompare(b)),
)
writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
