import { KtkCommand } from '../../base/command.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { renderContextList } from '../../output/context-views.js'
import { type ContextList, listContexts } from '../../services/contexts.js'

export default class ContextListCommand extends KtkCommand<typeof ContextListCommand> {
  static override summary = 'List contexts; * marks the one in effect.'
  static override description =
    'The context in effect is KTK_CONTEXT when set, otherwise the current context of the contexts file. No secret is printed.'
  static override examples = ['<%= config.bin %> context list', '<%= config.bin %> context list --json']

  async run(): Promise<ContextList> {
    const list = listContexts(new ContextStore(contextsPath()), process.env)
    this.print(renderContextList(list, this.mode))
    return list
  }
}
