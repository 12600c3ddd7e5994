#!/usr/bin/env node
// Installs the locked npm packages when node_modules is missing or older than package-lock.json, so
// `npm test` and `npm run quickstart` work on a fresh clone without a separate install step.
import { execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const marker = 'node_modules/.package-lock.json'
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs
if (stale) {
  console.error('Installing npm packages (npm ci)…')
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' })
}
