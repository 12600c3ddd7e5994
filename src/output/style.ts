import { Chalk, type ChalkInstance } from 'chalk'
import type { OutputMode } from './mode.js'

const cache = new Map<boolean, ChalkInstance>()

/** chalk with colour on or off by the output mode (never by chalk's own guess). */
export function style(mode: OutputMode): ChalkInstance {
  let instance = cache.get(mode.color)
  if (!instance) {
    instance = new Chalk({ level: mode.color ? 1 : 0 })
    cache.set(mode.color, instance)
  }
  return instance
}
