import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { checkedString, intFlag } from '../../base/flags.js'
import { groupSelectionFlags } from '../../base/group-flags.js'
import { stateDir } from '../../config/paths.js'
import { KtkError } from '../../core/errors.js'
import { SAFE_INT_MAX } from '../../core/flag-values.js'
import { parseResetCsv } from '../../core/reset-csv.js'
import { byDurationTimestamp, parseKafkaDateTime } from '../../core/reset-time.js'
import { renderResetPlan } from '../../output/reset.js'
import { type ResetOptions, type ResetResult, resetOffsets } from '../../services/reset-offsets.js'

const SCENARIO = 'SCENARIO (exactly one)'

export default class GroupsResetOffsets extends ClusterCommand<typeof GroupsResetOffsets> {
  static override summary =
    'Reset the committed offsets of groups without members (kafka-consumer-groups --reset-offsets).'
  static override description =
    `Every scenario of Kafka's tool, with its semantics: --to-earliest, --to-latest, --to-current, --to-offset and --shift-by (both clamped to the log's range, with a warning), --to-datetime (Kafka's 'YYYY-MM-DDThh:mm:ss.sss', UTC unless a zone is given), --by-duration (ISO-8601 such as PT6H, or 6h), --from-file (Kafka's CSV). Scope: --topic t, --topic t:0,1 (repeatable), or --all-topics (every partition the group has an offset for); --from-file needs none.

A dry run by default: it prints the plan (the current and new offset of each partition). --execute applies it; --export prints the plan as Kafka's CSV instead of a table.

A group with members is refused (exit 5) and named with its members, and nothing changes: offsets can only be reset while the consumers are stopped. Executing first writes the offsets as they were to an undo file under the state folder and prints the command that restores them (--from-file on that file).`
  static override examples = [
    '<%= config.bin %> groups reset-offsets -g billing --topic orders --to-earliest',
    '<%= config.bin %> groups reset-offsets -g billing --all-topics --to-datetime 2024-05-01T00:00:00.000 --execute',
    '<%= config.bin %> groups reset-offsets -g billing --topic orders:0,1 --shift-by -100 --execute',
    '<%= config.bin %> groups reset-offsets -g billing --all-topics --by-duration PT6H --export > plan.csv',
    '<%= config.bin %> groups reset-offsets -g billing --from-file plan.csv --execute',
  ]
  static override flags = {
    ...groupSelectionFlags,
    topic: Flags.string({
      summary: 'A topic to reset, or some of its partitions: orders or orders:0,1,2. Repeatable.',
      multiple: true,
    }),
    'all-topics': Flags.boolean({ summary: 'Every partition the group has a committed offset for.' }),
    'to-earliest': Flags.boolean({ summary: 'The log start offset.', helpGroup: SCENARIO }),
    'to-latest': Flags.boolean({ summary: 'The log end offset.', helpGroup: SCENARIO }),
    'to-current': Flags.boolean({
      summary: 'The committed offset (the log end offset where there is none).',
      helpGroup: SCENARIO,
    }),
    'to-offset': intFlag({
      summary: 'This offset, clamped to the log.',
      helpGroup: SCENARIO,
      min: 0,
      max: SAFE_INT_MAX,
    }),
    'shift-by': intFlag({
      min: -SAFE_INT_MAX,
      max: SAFE_INT_MAX,
      summary: 'The committed offset plus n (negative: back), clamped to the log.',
      helpGroup: SCENARIO,
    }),
    'to-datetime': checkedString((value) => parseKafkaDateTime(value))({
      summary: "The first offset at or after a time: 'YYYY-MM-DDThh:mm:ss.sss' (UTC) or with a zone.",
      helpGroup: SCENARIO,
    }),
    'by-duration': checkedString((value) => byDurationTimestamp(value, Date.now()))({
      summary: 'The first offset at or after now minus a duration: PnDTnHnMnS (PT6H) or 6h, 30m, 1d.',
      helpGroup: SCENARIO,
    }),
    'from-file': Flags.string({
      summary: "Offsets from Kafka's CSV (topic,partition,offset or group,topic,partition,offset).",
      helpGroup: SCENARIO,
    }),
    'dry-run': Flags.boolean({ summary: 'Only show the plan (the default).', exclusive: ['execute'] }),
    execute: Flags.boolean({
      summary: 'Apply the plan (writes an undo file first).',
      exclusive: ['dry-run'],
    }),
    export: Flags.boolean({ summary: "Print the plan as Kafka's CSV instead of a table." }),
  }

  async run(): Promise<ResetResult> {
    const scenario = this.scenario()
    const options: ResetOptions = {
      groups: this.flags.group ?? [],
      allGroups: this.flags['all-groups'],
      allTopics: this.flags['all-topics'],
      topics: this.flags.topic ?? [],
      scenario,
      execute: this.flags.execute,
      undoDir: join(stateDir(), 'groups', 'resets'),
    }
    const result = await resetOffsets(await this.gateway(), options)
    for (const plan of result.groups) for (const w of plan.warnings) this.warning(`${plan.group}: ${w}`)
    if (this.flags.export) this.print(result.csv.trimEnd())
    else if (result.groups.some((g) => g.partitions.length > 0))
      this.print(renderResetPlan(result, this.mode))
    else this.note('Nothing to reset: no partition in scope.')
    if (result.dryRun) {
      this.note('Dry run: nothing was changed. Add --execute to apply this plan.')
    } else if (result.undo) {
      const n = result.groups.reduce((sum, g) => sum + g.partitions.length, 0)
      this.note(`Reset ${n} partition offset${n === 1 ? '' : 's'}.`)
      // Where the previous offsets are is worth saying even under --json on a pipe.
      this.streams.stderr.write(
        `Previous offsets saved to ${result.undo.file}\nUndo with: ${result.undo.restore}\n`,
      )
      for (const p of result.undo.withoutPreviousOffset) {
        this.streams.stderr.write(
          `  ${p.group}: ${p.topic}-${p.partition} had no committed offset; to remove the new one: ktk groups delete-offsets --group ${p.group} --topic ${p.topic}:${p.partition}\n`,
        )
      }
    }
    return result
  }

  private scenario(): ResetOptions['scenario'] {
    const f = this.flags
    const given = [
      f['to-earliest'] && '--to-earliest',
      f['to-latest'] && '--to-latest',
      f['to-current'] && '--to-current',
      f['to-offset'] !== undefined && '--to-offset',
      f['shift-by'] !== undefined && '--shift-by',
      f['to-datetime'] !== undefined && '--to-datetime',
      f['by-duration'] !== undefined && '--by-duration',
      f['from-file'] !== undefined && '--from-file',
    ].filter(Boolean)
    if (given.length !== 1) {
      throw new KtkError(
        'USAGE',
        given.length === 0
          ? 'choose a reset scenario'
          : `choose one reset scenario, not ${given.join(' and ')}`,
        {
          hints: [
            'scenarios: --to-earliest, --to-latest, --to-current, --to-offset N, --shift-by N, --to-datetime T, --by-duration D, --from-file F',
          ],
        },
      )
    }
    if (f['to-earliest']) return { kind: 'to-earliest' }
    if (f['to-latest']) return { kind: 'to-latest' }
    if (f['to-current']) return { kind: 'to-current' }
    if (f['to-offset'] !== undefined) return { kind: 'to-offset', offset: f['to-offset'] }
    if (f['shift-by'] !== undefined) return { kind: 'shift-by', shift: f['shift-by'] }
    if (f['to-datetime'] !== undefined)
      return { kind: 'to-datetime', timestamp: parseKafkaDateTime(f['to-datetime']) }
    if (f['by-duration'] !== undefined) {
      return { kind: 'by-duration', timestamp: byDurationTimestamp(f['by-duration'], Date.now()) }
    }
    const path = f['from-file']!
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new KtkError('NOT_FOUND', `cannot read the reset file ${path}: ${(error as Error).message}`)
    }
    const groups = f.group ?? []
    return { kind: 'from-file', path, file: parseResetCsv(text, groups.length === 1 ? groups[0]! : null) }
  }
}
