/**
 * The scripts that hook ktk's completion into a shell. Each asks `ktk __complete -- WORDS...` (bash:
 * `--line LINE`) for the candidates of the word being typed (stdin closed, so a context's secret prompt can never open
 * mid-line); a first line `:files` hands the word to the shell's own path completion.
 */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const
export type CompletionShell = (typeof COMPLETION_SHELLS)[number]

/** The line that asks the shell for paths. */
export const FILES_DIRECTIVE = ':files'

export function completionScript(shell: CompletionShell, bin: string): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_completion`
  switch (shell) {
    case 'bash':
      return `# ${bin} completion for bash. Load it from ~/.bashrc with:  eval "$(${bin} autocomplete bash)"
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  local candidates
  # The line itself, not COMP_WORDS: bash splits words at ':' and '=' (host:port, --flag=value).
  candidates=($(${bin} __complete --line "\${COMP_LINE:0:COMP_POINT}" --breaks "$COMP_WORDBREAKS" </dev/null 2>/dev/null))
  if [[ "\${candidates[0]}" == "${FILES_DIRECTIVE}" ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  COMPREPLY=("\${candidates[@]}")
}
complete -F ${fn} ${bin}
`
    case 'zsh':
      return `#compdef ${bin}
# ${bin} completion for zsh. Load it from ~/.zshrc (after compinit) with:  eval "$(${bin} autocomplete zsh)"
${fn}() {
  local -a candidates
  candidates=("\${(@f)$(${bin} __complete -- "\${(@)words[2,CURRENT]}" </dev/null 2>/dev/null)}")
  if [[ "\${candidates[1]}" == "${FILES_DIRECTIVE}" ]]; then
    _files
    return
  fi
  candidates=(\${candidates:#})
  (( \${#candidates} )) && compadd -- "\${candidates[@]}"
}
compdef ${fn} ${bin}
`
    case 'fish':
      return `# ${bin} completion for fish. Load it with:  ${bin} autocomplete fish | source
# (or save it as ~/.config/fish/completions/${bin}.fish)
function __${fn}
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    set -l candidates (${bin} __complete -- $words </dev/null 2>/dev/null)
    if test "$candidates[1]" = "${FILES_DIRECTIVE}"
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\\n' $candidates
end
complete -c ${bin} -f -a '(__${fn})'
`
  }
}

/** How to turn completion on, for the shell the user runs. */
export function completionInstructions(shell: CompletionShell | undefined, bin: string): string {
  const lines = [
    `Completion for ${bin}: commands, flags, fixed flag values, and topic, group and context names.`,
    '',
    `  bash   add to ~/.bashrc:   eval "$(${bin} autocomplete bash)"`,
    `  zsh    add to ~/.zshrc:    eval "$(${bin} autocomplete zsh)"   (after compinit)`,
    `  fish   run once:           ${bin} autocomplete fish > ~/.config/fish/completions/${bin}.fish`,
  ]
  if (shell) lines.push('', `Your shell looks like ${shell}: ${bin} autocomplete ${shell} prints its script.`)
  return `${lines.join('\n')}\n`
}
