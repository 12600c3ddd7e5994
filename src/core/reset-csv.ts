/**
 * The CSV of kafka-consumer-groups --reset-offsets --export and --from-file: "topic,partition,offset"
 * lines for a single group, "group,topic,partition,offset" lines otherwise (fields quoted as Jackson's
 * CSV writer quotes them, when they hold a comma, a quote or a line break).
 */
import { KtkError, shortened } from './errors.js'
import { type TopicPartition, tpKey } from './group-types.js'

export interface CsvOffset extends TopicPartition {
  group: string
  offset: number
}

/** A line of the file as messages echo it: long ones cut. */

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** Kafka's exportOffsetsToCsv: with or without the group column. */
export function formatResetCsv(offsets: readonly CsvOffset[], withGroup: boolean): string {
  return offsets
    .map((o) => {
      const fields = [o.topic, String(o.partition), String(o.offset)]
      return `${(withGroup ? [o.group, ...fields] : fields).map(field).join(',')}\n`
    })
    .join('')
}

/** Splits one CSV line into fields, honouring double quotes. */
function splitLine(line: string, lineNo: number): string[] {
  const fields: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"'
        i++
      } else if (c === '"') quoted = false
      else current += c
    } else if (c === '"' && current === '') quoted = true
    else if (c === ',') {
      fields.push(current)
      current = ''
    } else current += c
  }
  if (quoted) throw new KtkError('USAGE', `reset file line ${lineNo}: unterminated quote`)
  fields.push(current)
  return fields
}

export interface ParsedResetFile {
  /** group -> tpKey -> offset */
  groups: Map<string, Map<string, number>>
  /** group -> partitions, in file order */
  partitions: Map<string, TopicPartition[]>
}

/**
 * Kafka's parseResetPlan: when exactly one group is named and the first line has three fields, every line
 * is "topic,partition,offset" for that group; otherwise every line is "group,topic,partition,offset".
 */
export function parseResetCsv(text: string, singleGroup: string | null): ParsedResetFile {
  const lines = text
    .split('\n')
    .map((l, i) => ({ line: l.replace(/\r$/, ''), no: i + 1 }))
    .filter((l) => l.line.trim() !== '')
  const threeFields =
    singleGroup !== null && lines.length > 0 && splitLine(lines[0]!.line, lines[0]!.no).length === 3
  const out: ParsedResetFile = { groups: new Map(), partitions: new Map() }
  for (const { line, no } of lines) {
    const fields = splitLine(line, no)
    const expected = threeFields ? 3 : 4
    if (fields.length !== expected) {
      throw new KtkError(
        'USAGE',
        `reset file line ${no}: expected ${threeFields ? 'topic,partition,offset' : 'group,topic,partition,offset'}, got "${shortened(line)}"`,
        {
          hints: [
            singleGroup === null
              ? 'a file without the group column needs exactly one --group'
              : 'every line must have the same columns',
          ],
        },
      )
    }
    const [group, topic, partition, offset] = threeFields ? [singleGroup!, ...fields] : fields
    if (!/^\d+$/.test(partition!.trim()) || !/^-?\d+$/.test(offset!.trim())) {
      throw new KtkError(
        'USAGE',
        `reset file line ${no}: partition and offset must be numbers, got "${shortened(line)}"`,
      )
    }
    // Kafka's tool refuses these too (OffsetAndMetadata: "Invalid negative offset"); clamping to 0
    // would rewind the group to the start, which the file never asked for.
    if (offset!.trim().startsWith('-')) {
      throw new KtkError(
        'USAGE',
        `reset file line ${no}: invalid negative offset ${shortened(offset!.trim())}`,
        {
          hints: ['offsets in a reset file are 0 or more (as --export writes them)'],
        },
      )
    }
    if (!Number.isSafeInteger(Number(offset!.trim())) || Number(partition!.trim()) > 2_147_483_647) {
      throw new KtkError(
        'USAGE',
        `reset file line ${no}: partition or offset out of range, got "${shortened(line)}"`,
      )
    }
    const tp = { topic: topic!, partition: Number(partition!.trim()) }
    const perGroup = out.groups.get(group!) ?? new Map<string, number>()
    if (!perGroup.has(tpKey(tp.topic, tp.partition))) {
      out.partitions.set(group!, [...(out.partitions.get(group!) ?? []), tp])
    }
    perGroup.set(tpKey(tp.topic, tp.partition), Number(offset!.trim()))
    out.groups.set(group!, perGroup)
  }
  return out
}
