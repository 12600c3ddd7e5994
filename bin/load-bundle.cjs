// Loads dist/ktk.cjs through V8's code cache. Node 20 has no compile cache of its own, and compiling the
// bundle is most of ktk's start-up; with the cache it is a few milliseconds. The cache is made on the
// first run of each build and Node version (in <cache>/v8) and is used only when V8 accepts it;
// KTK_NO_CODE_CACHE=1 loads the bundle with a plain require.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')
const Module = require('node:module')

module.exports = function loadBundle(file) {
  if (process.env.KTK_NO_CODE_CACHE) return require(file)
  const stat = fs.statSync(file)
  const home =
    process.env.KTK_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ktk')
  const dir = path.join(home, 'v8')
  const cacheFile = path.join(
    dir,
    `ktk-${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}.bin`,
  )
  let cached
  try {
    cached = fs.readFileSync(cacheFile)
  } catch {}
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: cached,
  })
  const bundle = new Module(file, module)
  bundle.filename = file
  bundle.paths = Module._nodeModulePaths(path.dirname(file))
  // oclif requires the bundle again to find COMMANDS: let that return this very module.
  Module._cache[file] = bundle
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file))
  bundle.loaded = true
  if (!cached || script.cachedDataRejected) {
    // At exit, so the cache holds every function this run compiled, not only the top level.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true })
        // Other builds (other checkouts, older versions) keep theirs unless unused for a week.
        const weekAgo = Date.now() - 7 * 24 * 3600 * 1000
        for (const old of fs.readdirSync(dir)) {
          const oldPath = path.join(dir, old)
          if (old.startsWith('ktk-') && fs.statSync(oldPath).mtimeMs < weekAgo)
            fs.rmSync(oldPath, { force: true })
        }
        const tmp = `${cacheFile}.${process.pid}`
        fs.writeFileSync(tmp, script.createCachedData())
        fs.renameSync(tmp, cacheFile)
      } catch {
        // A cache we cannot write only costs speed.
      }
    })
  }
  return bundle.exports
}
