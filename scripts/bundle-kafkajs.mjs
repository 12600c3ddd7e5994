#!/usr/bin/env node
// Bundles kafkajs (and the internals ktk uses) into dist/vendor/kafkajs.cjs for fast start-up.
import { build } from 'esbuild'

await build({
  entryPoints: ['scripts/kafkajs-bundle.cjs'],
  outfile: 'dist/vendor/kafkajs.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
})
