import { KtkCommand } from '../../base/command.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { KtkError } from '../../core/errors.js'
import { effectiveContext } from '../../services/contexts.js'

export default class ContextCurrent extends KtkCommand<typeof ContextCurrent> {
  static override summary = 'Print the context in effect (KTK_CONTEXT, else the current context).'
  static override description =
    'Exit 4 when no context is in effect (then commands without --bootstrap-server use KTK_BOOTSTRAP_SERVER or the `ktk local` cluster).'
  static override examples = ['<%= config.bin %> context current', '<%= config.bin %> context current --json']

  async run(): Promise<{ name: string; source: 'environment' | 'file' }> {
    const store = new ContextStore(contextsPath())
    const current = effectiveContext(store, process.env)
    if (!current) {
      throw new KtkError('NOT_FOUND', 'no context is in effect', {
        hints: ['choose one with: ktk context use <name> (ktk context list shows them)'],
      })
    }
    store.get(current.name) // a KTK_CONTEXT naming no context is an error here too
    this.print(current.name)
    if (current.source === 'environment') this.note('(from KTK_CONTEXT)')
    return current
  }
}
