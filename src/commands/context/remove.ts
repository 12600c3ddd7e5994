import { Args } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { removeContexts } from '../../services/contexts.js'

export default class ContextRemove extends KtkCommand<typeof ContextRemove> {
  static override summary = 'Remove contexts (only from the contexts file; the cluster is untouched).'
  static override description = 'Removing the current context leaves no current context.'
  static override examples = [
    '<%= config.bin %> context remove old-staging',
    '<%= config.bin %> context remove a b c',
  ]
  static override strict = false
  static override args = { name: Args.string({ description: 'Context name(s).', required: true }) }

  async run(): Promise<{ removed: string[]; current: string | null; unsetCurrent: boolean }> {
    const result = removeContexts(new ContextStore(contextsPath()), this.argList)
    this.note(
      `Removed ${result.removed.join(', ')}.${result.unsetCurrent ? ' There is no current context now.' : ''}`,
    )
    return result
  }
}
