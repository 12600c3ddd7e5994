#!/usr/bin/env node
// Development: rebuilds the bundle (esbuild, about a second) and runs it, so a change in src/ is live.
import { execFileSync } from 'node:child_process'

execFileSync(process.execPath, [new URL('../scripts/build.mjs', import.meta.url).pathname], {
  stdio: 'inherit',
})
process.env.KTK_NO_CODE_CACHE = '1'
await import('./run.js')
