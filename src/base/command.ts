import { Command, Flags, type Interfaces, ux } from '@oclif/core'
import type { ConnectionSettings } from '../core/connection-settings.js'
import {
  ExitCode,
  type ExitCodeValue,
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
import { wrapText } from '../output/fit.js'
import { argvSaysNoColor, detectMode, type OutputMode } from '../output/mode.js'
import { loadStyles, style } from '../output/style.js'
import { commandConnection } from './command-connection.js'
import {
  asKtkError,
  type ErrorJson,
  errorJson,
  errorText,
  isBrokenPipe,
  redactError,
} from './error-report.js'
import { connectionFlags } from './flags.js'
import { type Interruption, type InterruptionOptions, interruption } from './interrupt.js'
import { Outcome, outcomeData, setExitCode } from './outcome.js'
import { confirm } from './prompt.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof KtkCommand)['baseFlags'] & T['flags']
>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** A stream a command writes to: the process's, or a test's sink (test/helpers/in-process.ts). */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number }

/** Where a command's data (stdout) and notes and errors (stderr) go. */
export interface CommandStreams {
  stdout: OutputStream
  stderr: OutputStream
}

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
    'no-color': Flags.boolean({
      summary: 'No colour in the output (as does a non-empty NO_COLOR).',
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({
      char: 'q',
      summary: 'Print only the data: no progress, summaries or notes on stderr (errors still are).',
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
  /** Where the command writes: the process's stdout and stderr unless runWith gave others. */
  protected streams: CommandStreams = { stdout: process.stdout, stderr: process.stderr }
  private readonly onStdoutError = (error: Error) => {
    if (isBrokenPipe(error)) this.onBrokenPipe()
  }
  /** Signal listeners of this command, removed when it ends. */
  private interruptions: Interruption[] = []

  /** Runs the command as oclif does, writing to the given streams: command tests run in-process. */
  async runWith(streams: CommandStreams): Promise<unknown> {
    this.streams = streams
    return this._run()
  }

  override async init(): Promise<void> {
    await super.init()
    // Before the parse, so that its errors honour --no-color too.
    const noColor = argvSaysNoColor(this.argv)
    this.mode = detectMode(this.streams.stdout, process.env, { noColor })
    this.errMode = detectMode(this.streams.stderr, process.env, { noColor })
    await loadStyles(this.mode, this.errMode)
    // Kept after the command ends: what it printed (and the --json document) may still be flushing.
    this.streams.stdout.on('error', this.onStdoutError)
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
   * A command's Outcome becomes the exit code here (errors in catch); --json prints its data.
   */
  protected override async _run<R>(): Promise<R> {
    const result = await super._run<R>()
    if (result instanceof Outcome) this.exitWith(result.exit)
    return result
  }

  protected override toSuccessJson(result: unknown): unknown {
    return outcomeData(result)
  }

  protected override logJson(json: unknown): void {
    const theme = this.mode.color ? this.config.theme?.json : undefined
    this.streams.stdout.write(`${ux.colorizeJson(json, { pretty: true, theme })}\n`)
  }

  /**
   * SIGINT and SIGTERM (and, through onBrokenPipe, a closed stdout) for work that stops cleanly:
   * see base/interrupt.ts. The listeners are removed when the command ends.
   */
  protected interruption(options?: InterruptionOptions): Interruption {
    const stop = interruption(options)
    this.interruptions.push(stop)
    return stop
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    for (const stop of this.interruptions.splice(0)) stop.dispose()
    await super.finally(error)
  }

  private exitWith(exit: number): void {
    setExitCode(exit)
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
    if (!this.jsonEnabled()) this.streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }

  /** --quiet: only the data on stdout; errors (and warnings) still on stderr. */
  protected get quiet(): boolean {
    return this.flags?.quiet === true
  }

  /** Progress and notes for people, on stderr; quiet under --json only when not on a terminal, and under --quiet. */
  protected note(text: string): void {
    if (this.quiet || (this.jsonEnabled() && !this.errMode.tty)) return
    // On a terminal a note wraps at spaces to its width, so the terminal never breaks a word.
    const shown = this.errMode.tty ? wrapText(text, this.errMode.width).join('\n') : text
    this.streams.stderr.write(`${shown}\n`)
  }

  /**
   * Asks a person to confirm a change, first showing what it changes: shown even under --quiet, since a
   * question must say what it is about.
   */
  protected async confirmShown(about: string, question: string): Promise<boolean> {
    const shown = this.errMode.tty ? wrapText(about, this.errMode.width).join('\n') : about
    this.streams.stderr.write(`${shown}\n`)
    return confirm(question)
  }

  /** A summary of the work done (records produced, consumed), on stderr unless --quiet. */
  protected summary(text: string): void {
    if (!this.quiet) this.streams.stderr.write(`${text}\n`)
  }

  /** Whether a live progress line belongs on stderr: a terminal, a person reading, not --json or --quiet. */
  protected showsProgress(): boolean {
    return this.errMode.tty && !this.jsonEnabled() && !this.quiet
  }

  protected warning(text: string): void {
    this.streams.stderr.write(`${style(this.errMode).yellow('warning:')} ${text}\n`)
  }

  /**
   * Some items (groups, partitions) failed: each is reported on stderr as an error line, while what
   * did succeed is still printed; the exit code that says why is returned (undefined when none
   * failed), for the command's Outcome. When nothing succeeded, the first failure is the command's error.
   */
  protected reportFailures(
    failures: readonly { code: string; message: string; hints?: readonly string[] }[],
    nothingSucceeded: boolean,
  ): ExitCodeValue | undefined {
    if (failures.length === 0) return undefined
    if (nothingSucceeded) throw failureError(failures[0]!)
    for (const f of failures) this.printError(failureError(f))
    return exitForFailures(failures.map((f) => f.code))
  }

  protected debugLog(line: string): void {
    if (this.flags?.debug) this.streams.stderr.write(`${style(this.errMode).dim(`debug: ${redact(line)}`)}\n`)
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    // Arguments refused by the parser were parsed: oclif's development warning "did not parse its
    // arguments" (shown when NODE_ENV is test or development) is for commands that never call parse.
    this.parsed = true
    const ktk = redactError(withFlagSuggestion(asKtkError(error, this.id), this.ctor))
    this.exitWith(ktk.exit)
    if (ktk.exit === ExitCode.ok) return
    if (this.jsonEnabled()) {
      this.streams.stdout.write(`${JSON.stringify(this.toErrorJson(ktk))}\n`)
    } else {
      this.printError(ktk)
    }
    if (this.flags?.debug || process.env.KTK_DEBUG) {
      this.streams.stderr.write(`${redact((ktk.cause as Error)?.stack ?? ktk.stack ?? '')}\n`)
    }
  }

  protected override toErrorJson(error: KtkError): ErrorJson {
    return errorJson(error)
  }

  private printError(error: KtkError): void {
    this.streams.stderr.write(errorText(error, this.errMode))
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
  private settingsInstance: Promise<ConnectionSettings> | undefined

  /** The connection settings, resolved once (asking for a secret on the terminal if a context says so). */
  protected connection(): Promise<ConnectionSettings> {
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
      const settings = await this.connection()
      const { openGateway } = await import('../kafka/index.js')
      this.gatewayInstance ??= openGateway(
        settings,
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
        const waitMs = Math.min((await this.connection()).timeoutMs, 5000)
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
