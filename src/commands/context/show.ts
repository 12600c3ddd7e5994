import { Args } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { KtkError } from '../../core/errors.js'
import { renderContextView } from '../../output/context-views.js'
import { type ContextView, contextView, effectiveContext } from '../../services/contexts.js'

export default class ContextShow extends KtkCommand<typeof ContextShow> {
  static override summary =
    'Show a context (default: the one in effect); secrets are shown only as their source.'
  static override description =
    'A password reads as env:VAR, file:PATH or prompt, or "<stored in the contexts file>": never the secret itself, with or without --json.'
  static override examples = ['<%= config.bin %> context show', '<%= config.bin %> context show prod --json']
  static override args = { name: Args.string({ description: 'Context name.' }) }

  async run(): Promise<ContextView> {
    const store = new ContextStore(contextsPath())
    const current = effectiveContext(store, process.env)?.name
    const name = this.args.name ?? current
    if (!name) {
      throw new KtkError('NOT_FOUND', 'no context is in effect', {
        hints: ['name one: ktk context show <name> (ktk context list shows them)'],
      })
    }
    const view = contextView(name, store.get(name), name === current)
    this.print(renderContextView(view, this.mode))
    return view
  }
}
