import { Command, Flags } from '@oclif/core'
import { commandConnection } from '../base/command-connection.js'
import { CompletionCache } from '../config/completion-cache.js'
import { ContextStore, contextsPath } from '../config/context-store.js'
import {
  afterWordBreak,
  type CompletionCommand,
  complete,
  connectionWords,
  type NameKind,
  shellWords,
} from '../core/completion.js'
import { FILES_DIRECTIVE } from '../output/completion-scripts.js'
import { completionNames } from '../services/completion.js'

/** How long looked-up names are reused, and how long a lookup may take: TAB must answer at once. */
const CACHE_MS = 30_000
const LOOKUP_TIMEOUT = '3s'

/**
 * The shell scripts' helper (`ktk autocomplete`): prints the candidates for the last of the words after
 * `--`, one per line. It never fails and never prints an error: a completion that cannot look names up
 * offers none.
 */
export default class Complete extends Command {
  static override hidden = true
  static override strict = false
  static override summary = 'Print completion candidates for a command line (used by the completion scripts).'
  static override flags = {
    line: Flags.string({ summary: 'The command line up to the cursor, as bash has it (split here).' }),
    breaks: Flags.string({ summary: "bash's COMP_WORDBREAKS: candidates are cut after the last of them." }),
  }

  async run(): Promise<void> {
    let lines: string[] = []
    try {
      // The words after `--` (zsh, fish) or the line (bash), flags included.
      const { argv, flags } = await this.parse(Complete)
      if (flags.line !== undefined) {
        const words = shellWords(flags.line).slice(1)
        lines = afterWordBreak(await this.candidates(words), words.at(-1) ?? '', flags.breaks ?? '')
      } else {
        const words = argv as string[]
        lines = await this.candidates(words.length > 0 ? words : [''])
      }
    } catch {}
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`)
  }

  private async candidates(words: string[]): Promise<string[]> {
    const result = complete(words, this.commandTree())
    if (result.kind === 'files') return [FILES_DIRECTIVE]
    if (result.kind === 'words') return result.words
    const names = await this.names(result.names, words)
    return names.filter((n) => n.startsWith(result.prefix))
  }

  private commandTree(): CompletionCommand[] {
    return this.config.commands.map((c) => ({
      id: c.id,
      hidden: c.hidden,
      args: Object.keys(c.args ?? {}),
      flags: Object.fromEntries(
        Object.entries(c.flags ?? {}).map(([name, f]) => [
          name,
          {
            name,
            type: f.type,
            ...(f.char ? { char: f.char } : {}),
            ...(f.type === 'option' && f.options ? { options: f.options } : {}),
            ...(f.type === 'option' && f.multiple ? { multiple: true } : {}),
            ...(f.hidden ? { hidden: true } : {}),
          },
        ]),
      ),
    }))
  }

  private async names(kind: NameKind, words: string[]): Promise<string[]> {
    const store = new ContextStore(contextsPath())
    if (kind === 'contexts') return completionNames(kind, { contextNames: () => store.names(), gateway })
    const given = connectionWords(words)
    const settings = await commandConnection({
      bootstrapServer: given['bootstrap-server'],
      context: given.context,
      commandConfig: given['command-config'],
      timeout: LOOKUP_TIMEOUT,
    })
    const cache = new CompletionCache(CACHE_MS)
    const key = `${kind}\n${settings.bootstrapServers.join(',')}\n${given.context ?? ''}`
    const cached = cache.read(key)
    if (cached) return cached
    const { openGateway } = await import('../kafka/index.js')
    const cluster = openGateway(settings)
    try {
      const names = await completionNames(kind, {
        contextNames: () => store.names(),
        gateway: async () => cluster,
      })
      cache.write(key, names)
      return names
    } finally {
      await cluster.close().catch(() => {})
    }
  }
}

async function gateway(): Promise<never> {
  throw new Error('context names need no cluster')
}
