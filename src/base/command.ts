import { Command, Flags, type Interfaces } from '@oclif/core'
import type { ConnectionSettings } from '../core/connection.js'
import {
  ExitCode,
  emptyValueError,
  exitForFailures,
  failureError,
  KtkError,
  withHint,
} from '../core/errors.js'
import { checkTopicName } from '../core/flag-values.js'
import { redact } from '../core/redact.js'
import { closest } from '../core/suggest.js'
import type { KafkaGateway } from '../kafka/index.js'
import { detectMode, type OutputMode } from '../output/mode.js'
import { loadStyles, style } from '../output/style.js'
import { commandConnection } from './connection.js'
import { asKtkError, type ErrorJson, errorJson, errorText, isBrokenPipe, redactError } from './errors.js'
import { connectionFlags } from './flags.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof KtkCommand)['baseFlags'] & T['flags']
>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/**
 * The base of every ktk command: parsing, --json, output modes, and the error contract (one line on
 * stderr or one JSON error document, the documented exit code, no stack trace unless --debug).
 */
export abstract class KtkCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true
  /** The arguments beyond the declared ones (static strict = false) are topic names, checked as Kafka would. */
  static topicNameArguments = false
  static override baseFlags = {
    debug: Flags.boolean({
      summary: 'Print diagnostic detail (protocol log, stack traces) to stderr.',
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** Every positional argument, for commands that take many (static strict = false). */
  protected argList: string[] = []
  /** How stdout is shaped (tables and colour on a terminal, plain when piped). */
  protected mode!: OutputMode
  /** How stderr is shaped (progress and warnings). */
  protected errMode!: OutputMode

  override async init(): Promise<void> {
    await super.init()
    this.mode = detectMode(process.stdout, process.env)
    this.errMode = detectMode(process.stderr, process.env)
    await loadStyles(this.mode, this.errMode)
    process.stdout.on('error', (error) => {
      if (isBrokenPipe(error)) this.onBrokenPipe()
    })
    const { args, argv, flags } = await this.parse({
      flags: strictValues(this.ctor.flags, 'flag'),
      baseFlags: strictValues((super.ctor as typeof KtkCommand).baseFlags, 'flag'),
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: strictValues(this.ctor.args, 'argument'),
      strict: this.ctor.strict,
    })
    // Arguments beyond the declared ones (commands with static strict = false) are checked here.
    for (const value of argv) if (value === '') throw emptyValueError('an argument')
    if ((this.ctor as unknown as typeof KtkCommand).topicNameArguments)
      for (const value of argv) checkTopicName(value as string, 'topic')
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.argList = argv as string[]
  }

  /**
   * The reader of stdout went away (\`| head\`): exit 0 at once. Commands with work to finish first
   * (consume commits what it wrote) override this and exit 0 themselves.
   */
  protected onBrokenPipe(): void {
    process.exit(ExitCode.ok)
  }

  /** Data for stdout (suppressed under --json, where the returned result is the output). */
  protected print(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }

  /** Progress and notes for people, on stderr; quiet under --json only when not on a terminal. */
  protected note(text: string): void {
    if (this.jsonEnabled() && !this.errMode.tty) return
    process.stderr.write(`${text}\n`)
  }

  protected warning(text: string): void {
    process.stderr.write(`${style(this.errMode).yellow('warning:')} ${text}\n`)
  }

  /**
   * Some items (groups, partitions) failed: each is reported on stderr as an error line and the exit
   * code says why, while what did succeed is still printed. When nothing succeeded, the first failure
   * is the command's error.
   */
  protected reportFailures(
    failures: readonly { code: string; message: string; hints?: readonly string[] }[],
    nothingSucceeded: boolean,
  ): void {
    if (failures.length === 0) return
    if (nothingSucceeded) throw failureError(failures[0]!)
    for (const f of failures) this.printError(failureError(f))
    process.exitCode = exitForFailures(failures.map((f) => f.code))
  }

  protected debugLog(line: string): void {
    if (this.flags?.debug) process.stderr.write(`${style(this.errMode).dim(`debug: ${redact(line)}`)}\n`)
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // Arguments refused by the parser were parsed: oclif's development warning "did not parse its
    // arguments" (shown when NODE_ENV is test or development) is for commands that never call parse.
    this.parsed = true
    const ktk = redactError(withFlagSuggestion(asKtkError(error, this.id), this.ctor))
    process.exitCode = ktk.exit
    if (ktk.exit === ExitCode.ok) return
    if (this.jsonEnabled()) {
      process.stdout.write(`${JSON.stringify(this.toErrorJson(ktk))}\n`)
    } else {
      this.printError(ktk)
    }
    if (this.flags?.debug || process.env.KTK_DEBUG) {
      process.stderr.write(`${redact((ktk.cause as Error)?.stack ?? ktk.stack ?? '')}\n`)
    }
  }

  protected override toErrorJson(error: KtkError): ErrorJson {
    return errorJson(error)
  }

  private printError(error: KtkError): void {
    process.stderr.write(errorText(error, this.errMode))
  }
}

/** "Nonexistent flag: --jsn" gets the closest flag the command has as a hint. */
function withFlagSuggestion(error: KtkError, command: typeof Command): KtkError {
  const typed = /^Nonexistent flags?: (--?[^\s,=]+)/.exec(error.message)?.[1]
  if (!typed) return error
  const names = Object.entries({ ...command.baseFlags, ...command.flags }).flatMap(([name, flag]) => [
    `--${name}`,
    ...(flag.char ? [`-${flag.char}`] : []),
  ])
  const suggestion = closest(typed, ['--json', ...names])
  return suggestion ? withHint(error, `did you mean ${suggestion}?`) : error
}

/**
 * Flag or argument definitions whose values are checked before their own parser sees them: an empty
 * value ('' from `-b "$UNSET"`) is a usage error, never a fallback to a default, the environment or
 * another cluster. Arguments are never read from stdin (ignoreStdin): oclif would otherwise take a
 * missing argument from piped input, and stdin is data.
 */
function strictValues<D extends Record<string, { parse?: unknown; type?: string }>>(
  definitions: D | undefined,
  kind: 'flag' | 'argument',
): D {
  const extra = kind === 'argument' ? { ignoreStdin: true } : {}
  const result: Record<string, unknown> = {}
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    const parse = definition.parse as
      | ((input: string, context: unknown, options: unknown) => Promise<unknown>)
      | undefined
    if (definition.type === 'boolean' || !parse) {
      result[name] = { ...definition, ...extra }
      continue
    }
    const what = kind === 'flag' ? `--${name}` : `the argument ${name.toUpperCase()}`
    result[name] = {
      ...definition,
      ...extra,
      parse: async (input: string, context: unknown, options: unknown) => {
        if (input === '') throw emptyValueError(what)
        return parse(input, context, options)
      },
    }
  }
  return result as D
}

/** A command that talks to a cluster: connection flags and a gateway that is closed when the command ends. */
export abstract class ClusterCommand<T extends typeof Command> extends KtkCommand<T> {
  static override baseFlags = { ...KtkCommand.baseFlags, ...connectionFlags }

  private gatewayInstance: KafkaGateway | undefined
  private settingsInstance: ConnectionSettings | undefined

  protected get connection(): ConnectionSettings {
    const flags = this.flags as unknown as Interfaces.InferredFlags<typeof connectionFlags>
    this.settingsInstance ??= commandConnection({
      bootstrapServer: flags['bootstrap-server'],
      commandConfig: flags['command-config'],
      timeout: flags.timeout,
      context: flags.context,
      oauthTokenCommand: flags['oauth-token-command'],
    })
    return this.settingsInstance
  }

  protected async gateway(): Promise<KafkaGateway> {
    if (!this.gatewayInstance) {
      const { openGateway } = await import('../kafka/index.js')
      this.gatewayInstance = openGateway(
        this.connection,
        this.flags.debug ? (line) => this.debugLog(line) : undefined,
      )
    }
    return this.gatewayInstance
  }

  /** A refusal by the authorizer is reported with what the ACLs say about it (services/refusal.ts). */
  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    let reported: Error = error
    if (error instanceof KtkError && error.code === 'AUTHORIZATION_FAILED') {
      try {
        const { explainRefusal } = await import('../services/refusal.js')
        const waitMs = Math.min(this.connection.timeoutMs, 5000)
        reported = await explainRefusal(await this.gateway(), error, waitMs)
      } catch {
        // the hint as it is already says what ktk could not check
      }
    }
    return super.catch(reported)
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.gatewayInstance?.close().catch(() => {})
    await super.finally(error)
  }
}
