import type { ChalkInstance } from 'chalk'
import type { OutputMode } from './mode.js'

/**
 * chalk, with colour on or off by the output mode (never by chalk's own guess). chalk is loaded only when
 * some output is in colour (loadStyles, called once at start-up): piped runs never pay for it.
 */
let chalkModule: typeof import('chalk') | undefined
const cache = new Map<boolean, ChalkInstance>()

export async function loadStyles(...modes: OutputMode[]): Promise<void> {
  if (modes.some((m) => m.color)) chalkModule ??= await import('chalk')
}

export function style(mode: OutputMode): ChalkInstance {
  if (!mode.color || !chalkModule) return plain
  let instance = cache.get(true)
  if (!instance) {
    instance = new chalkModule.Chalk({ level: 1 })
    cache.set(true, instance)
  }
  return instance
}

/** A stand-in for chalk that styles nothing: every property is itself and every call returns its text. */
const plain: ChalkInstance = new Proxy((...text: unknown[]) => text.join(' '), {
  get: () => plain,
}) as unknown as ChalkInstance
