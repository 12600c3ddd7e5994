import { Args, Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { KtkError } from '../../core/errors.js'

export default class ContextUse extends KtkCommand<typeof ContextUse> {
  static override summary = 'Make a context the current one (or --unset: none).'
  static override description =
    'Commands use the current context when neither --bootstrap-server, --context, KTK_BOOTSTRAP_SERVER nor KTK_CONTEXT says otherwise.'
  static override examples = ['<%= config.bin %> context use prod', '<%= config.bin %> context use --unset']
  static override args = { name: Args.string({ description: 'Context name.' }) }
  static override flags = {
    unset: Flags.boolean({ summary: 'Clear the current context.', exclusive: ['name'] }),
  }

  async run(): Promise<{ current: string | null }> {
    const store = new ContextStore(contextsPath())
    if (this.flags.unset) {
      store.setCurrent(undefined)
      this.note('No current context.')
      return { current: null }
    }
    const name = this.args.name
    if (!name) throw new KtkError('USAGE', 'name the context to use, or pass --unset')
    store.transaction(() => {
      store.get(name)
      store.setCurrent(name)
    })
    this.note(`Switched to context ${name}.`)
    if (process.env.KTK_CONTEXT && process.env.KTK_CONTEXT !== name) {
      this.warning(`KTK_CONTEXT=${process.env.KTK_CONTEXT} is set and takes precedence in this shell`)
    }
    return { current: name }
  }
}
