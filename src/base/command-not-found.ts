import type { Hook } from '@oclif/core'
import { KtkError, quoted } from '../core/errors.js'
import { closest } from '../core/suggest.js'
import { argvSaysNoColor, detectMode } from '../output/mode.js'
import { loadStyles } from '../output/style.js'
import { errorJson, errorText } from './error-report.js'
import { setExitCode } from './outcome.js'

/**
 * What oclif could not match to a command, as a usage error. oclif (with spaces between topics and
 * commands) reads `topics partition-for TOPIC` as the id topics:partition-for:TOPIC: when a leading
 * part of the id is a command, the rest are stray arguments; otherwise the command is unknown, with the
 * closest command as a suggestion.
 */
export function commandNotFoundError(id: string, commandIds: readonly string[]): KtkError {
  const words = id.split(':').filter((w) => w !== '')
  if (words[0]?.startsWith('-')) {
    return new KtkError('USAGE', `a command comes first, its flags after it: ${quoted(words[0])}`, {
      hints: ['e.g. ktk topics list --json', 'see: ktk --help'],
    })
  }
  const known = new Set(commandIds)
  for (let n = words.length - 1; n >= 1; n--) {
    const command = words.slice(0, n).join(' ')
    if (!known.has(words.slice(0, n).join(':'))) continue
    const stray = words.slice(n)
    return new KtkError(
      'USAGE',
      `ktk ${command} takes no argument${stray.length > 1 ? 's' : ''} here: ${stray.map((w) => quoted(w)).join(' ')}`,
      { hints: [`see: ktk ${command} --help`] },
    )
  }
  const typed = words.join(' ')
  const suggestion = closest(
    typed,
    commandIds.map((c) => c.replaceAll(':', ' ')),
  )
  return new KtkError('USAGE', `unknown command: ${quoted(typed)}`, {
    hints: [...(suggestion ? [`did you mean: ktk ${suggestion}`] : []), 'see: ktk --help'],
  })
}

/**
 * oclif's command_not_found hook: the usage error on stderr (or as the JSON error document under
 * --json) and exit 2, as any command's error would be.
 */
export const commandNotFound: Hook<'command_not_found'> = async (options) => {
  const error = commandNotFoundError(options.id, options.config.commandIDs)
  if (options.id === '--json' || (options.argv ?? []).includes('--json')) {
    process.stdout.write(`${JSON.stringify(errorJson(error))}\n`)
  } else {
    const mode = detectMode(process.stderr, process.env, {
      noColor: argvSaysNoColor([options.id, ...(options.argv ?? [])]),
    })
    await loadStyles(mode)
    process.stderr.write(errorText(error, mode))
  }
  setExitCode(error.exit)
}
