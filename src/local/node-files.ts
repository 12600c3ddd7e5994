import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { configPath, logsDir, type NodeLayout } from './layout.js'
import { log4j2Properties, log4jProperties } from './node-config.js'

/** A process's folder with its logs folder and logging configuration (both log4j lines). */
export function writeLogConfigs(process: { dir: string }): void {
  const logs = logsDir(process)
  mkdirSync(logs, { recursive: true })
  writeFileSync(join(process.dir, 'log4j2.properties'), log4j2Properties(logs))
  writeFileSync(join(process.dir, 'log4j.properties'), log4jProperties(logs))
}

export function writeServerProperties(node: NodeLayout, text: string): void {
  // A secure node's properties hold passwords (PLAIN users, store passwords): owner only.
  writeFileSync(configPath(node), text, { mode: 0o600 })
}
