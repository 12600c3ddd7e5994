import { spawnSync } from 'node:child_process'
import { KtkError } from '../core/errors.js'

/**
 * Asks for a secret on the terminal without echoing it. It runs synchronously (connection settings are
 * resolved synchronously) through the shell's `read` with echo off; the shell puts echo back even when
 * the person presses Ctrl-C. The secret travels over a pipe, never through argv or the environment.
 */
export function promptSecret(question: string): string {
  const script =
    'trap "stty echo 2>/dev/null" EXIT INT TERM; stty -echo 2>/dev/null; printf "%s" "$1" >&2; IFS= read -r secret; status=$?; printf "\\n" >&2; printf "%s" "$secret"; exit $status'
  const result = spawnSync('/bin/sh', ['-c', script, 'ktk-prompt', question], {
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
  })
  if (result.signal === 'SIGINT') throw new KtkError('INTERRUPTED', 'interrupted')
  if (result.error || result.status !== 0) {
    throw new KtkError('USAGE', 'no secret was entered at the prompt')
  }
  return result.stdout
}
