import { Args } from '@oclif/core'
import { KtkCommand } from '../base/command.js'
import {
  COMPLETION_SHELLS,
  type CompletionShell,
  completionInstructions,
  completionScript,
} from '../output/completion-scripts.js'

export default class Autocomplete extends KtkCommand<typeof Autocomplete> {
  static override summary = 'Print the shell completion script for bash, zsh or fish.'
  static override description =
    'Completes commands, flags, flag values with fixed choices, and the names of topics, groups and contexts (topics and groups from the cluster the command line names, or the context in effect; cached for 30 seconds). Without a shell, says how to turn completion on.'
  static override examples = [
    'eval "$(<%= config.bin %> autocomplete bash)"   # in ~/.bashrc',
    'eval "$(<%= config.bin %> autocomplete zsh)"    # in ~/.zshrc, after compinit',
    '<%= config.bin %> autocomplete fish > ~/.config/fish/completions/<%= config.bin %>.fish',
  ]
  static override enableJsonFlag = false
  static override args = {
    shell: Args.string({ description: 'The shell: bash, zsh or fish.', options: [...COMPLETION_SHELLS] }),
  }

  async run(): Promise<void> {
    const shell = this.args.shell as CompletionShell | undefined
    if (shell) {
      this.print(completionScript(shell, this.config.bin))
      return
    }
    const current = /(bash|zsh|fish)$/.exec(process.env.SHELL ?? '')?.[1] as CompletionShell | undefined
    this.print(completionInstructions(current, this.config.bin))
  }
}
