#!/usr/bin/env node
// Builds ktk into one CommonJS file, dist/ktk.cjs: oclif, every command, kafkajs and the rest, so that
// start-up reads and compiles one file, which bin/load-bundle.cjs then serves from V8's code cache.
// Commands are found under src/commands (oclif's "explicit" strategy: the bundle exports COMMANDS).
import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const commandsDir = join(root, 'src', 'commands')

function findCommands(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return findCommands(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

const commands = findCommands(commandsDir)
  .map((path) => ({ path, id: relative(commandsDir, path).replace(/\.ts$/, '').split('/').join(':') }))
  .sort((a, b) => a.id.localeCompare(b.id))

// CommonJS entry with getters: a command's module (and all it alone imports) is evaluated only when
// oclif asks for that command, so start-up does not pay for every command's dependencies.
const lazy = (name, path, member = 'default') => `  get ${name}() { return require('./${path}').${member} },`
const entry = [
  'module.exports = {',
  // The bundle is compiled: oclif must not look for TypeScript sources to transpile (it would under
  // NODE_ENV=development or test, and warn when typescript is not installed).
  "  execute(options) { const oclif = require('@oclif/core'); oclif.settings.enableAutoTranspile = false; return oclif.execute(options) },",
  // For benchmarks and tools that drive ktk's pieces directly.
  lazy('LocalCluster', 'src/local/cluster.ts', 'LocalCluster'),
  lazy('cacheDir', 'src/config/paths.ts', 'cacheDir'),
  lazy('stateDir', 'src/config/paths.ts', 'stateDir'),
  lazy('openGateway', 'src/kafka/index.ts', 'openGateway'),
  // oclif's command_not_found hook (package.json oclif.hooks).
  lazy('commandNotFound', 'src/base/command-not-found.ts', 'commandNotFound'),
  '  COMMANDS: {',
  ...commands.map((c) => `  ${lazy(`'${c.id}'`, relative(root, c.path))}`),
  '  },',
  '}',
].join('\n')

rmSync(join(root, 'dist'), { recursive: true, force: true })
await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'ktk-entry.ts', loader: 'ts' },
  outfile: join(root, 'dist', 'ktk.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Dynamic import() of bundled modules becomes require(): the bundle runs inside vm.Script.
  supported: { 'dynamic-import': false },
  // oclif's optional TypeScript support is for plugins in development; ktk never needs it. The native
  // CRC-32C picks its platform's prebuilt binary at run time, so it is required from node_modules.
  external: ['typescript', 'ts-node', 'tsx', '@node-rs/crc32'],
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
  logOverride: { 'require-resolve-not-external': 'silent', 'indirect-require': 'silent' },
})
// zstd's WebAssembly module is read at run time from beside the bundle (src/kafka/records/codec-modules.cjs).
copyFileSync(
  join(root, 'node_modules', '@bokuweb', 'zstd-wasm', 'dist', 'common', 'zstd.wasm'),
  join(root, 'dist', 'zstd.wasm'),
)
console.error(`bundled ${commands.length} commands into dist/ktk.cjs`)
