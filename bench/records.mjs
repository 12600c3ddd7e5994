// Benchmark: produce and consume 1,000,000 records of 100 bytes, ktk against kcat (librdkafka) and
// Kafka's console producer and consumer from the same jars, in the same run on the same broker.
// Goals (issue #4): at least the console tools' rate, at least half of kcat's, peak memory < 300 MB.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  BENCH_PORT_BASE,
  benchCluster,
  hyperfine,
  KTK,
  machine,
  RESULTS,
  ROOT,
  writeSection,
} from './lib.mjs'

const RECORDS = 1_000_000
const SIZE = 100
const RUNS = Number(process.env.KTK_BENCH_RUNS ?? 5)

/** 1,000,000 lines of 99 characters (100 bytes with the newline): what every tool reads. */
function makeInput(file, records) {
  const chunk = []
  const out = []
  for (let i = 0; i < records; i++) {
    const head = String(i).padStart(10, '0')
    chunk.push(`${head}${'x'.repeat(SIZE - 1 - head.length)}`)
    if (chunk.length === 100_000) {
      out.push(`${chunk.join('\n')}\n`)
      chunk.length = 0
    }
  }
  if (chunk.length) out.push(`${chunk.join('\n')}\n`)
  writeFileSync(file, out.join(''))
}

/** Peak resident memory (MiB) of one run, from GNU time. */
function peakMemory(command) {
  const r = spawnSync('/usr/bin/time', ['-v', 'bash', '-c', command], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr.slice(-2000)}`)
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1])
  return kb / 1024
}

export async function run() {
  const kafka = await benchCluster({ name: 'records', port: BENCH_PORT_BASE + 200 })
  try {
    mkdirSync(RESULTS, { recursive: true })
    const file = join(RESULTS, 'records-1m.txt')
    const big = join(RESULTS, 'records-3m.txt')
    makeInput(file, RECORDS)
    makeInput(big, 3 * RECORDS)
    const b = kafka.bootstrap
    const tool = (main) => `${join(ROOT, 'bench', 'kafka-tool.sh')} ${kafka.jars} ${main}`
    const consoleProducer = tool('org.apache.kafka.tools.ConsoleProducer')
    const consoleConsumer = tool('org.apache.kafka.tools.consumer.ConsoleConsumer')
    const sh = (command) => `bash -c '${command}'`
    const recreate = (topic) =>
      `${KTK} topics delete ${topic} -b ${b} -y --if-exists >/dev/null && ${KTK} topics create ${topic} -b ${b} --partitions 1 >/dev/null`

    // Produce: each timed run writes the file into a freshly created one-partition topic.
    const produce = hyperfine(
      'records-produce',
      {
        'ktk produce': sh(`${KTK} produce bench.produce -b ${b} --file ${file} 2>/dev/null`),
        'kcat -P': sh(`kcat -b ${b} -P -t bench.produce -l ${file}`),
        'kafka-console-producer': sh(
          `${consoleProducer} --bootstrap-server ${b} --topic bench.produce < ${file}`,
        ),
      },
      { warmup: 1, runs: RUNS, prepare: sh(recreate('bench.produce')) },
    )

    // Consume: the same 1,000,000 records, from the beginning to the end, to /dev/null.
    spawnSync('bash', ['-c', `${recreate('bench.consume')} && kcat -b ${b} -P -t bench.consume -l ${file}`], {
      stdio: 'inherit',
    })
    const consume = hyperfine(
      'records-consume',
      {
        'ktk consume': sh(`${KTK} consume bench.consume -b ${b} --from-beginning -e > /dev/null 2>&1`),
        'kcat -C': sh(`kcat -b ${b} -C -t bench.consume -o beginning -e -q > /dev/null`),
        'kafka-console-consumer': sh(
          `${consoleConsumer} --bootstrap-server ${b} --topic bench.consume --from-beginning --max-messages ${RECORDS} > /dev/null 2>&1`,
        ),
      },
      { warmup: 1, runs: RUNS },
    )

    const memory = {}
    memory['ktk produce'] = peakMemory(
      `${recreate('bench.memory')} && ${KTK} produce bench.memory -b ${b} --file ${file} 2>/dev/null`,
    )
    memory['ktk produce (3M records)'] = peakMemory(
      `${recreate('bench.memory')} && ${KTK} produce bench.memory -b ${b} --file ${big} 2>/dev/null`,
    )
    memory['ktk consume (3M records)'] = peakMemory(
      `${KTK} consume bench.memory -b ${b} --from-beginning -e > /dev/null 2>&1`,
    )
    memory['kcat -P'] = peakMemory(
      `${recreate('bench.memory')} && kcat -b ${b} -P -t bench.memory -l ${file}`,
    )
    memory['kafka-console-producer'] = peakMemory(
      `${recreate('bench.memory')} && ${consoleProducer} --bootstrap-server ${b} --topic bench.memory < ${file}`,
    )
    memory['ktk consume'] = peakMemory(
      `${KTK} consume bench.consume -b ${b} --from-beginning -e > /dev/null 2>&1`,
    )
    memory['kcat -C'] = peakMemory(`kcat -b ${b} -C -t bench.consume -o beginning -e -q > /dev/null`)
    memory['kafka-console-consumer'] = peakMemory(
      `${consoleConsumer} --bootstrap-server ${b} --topic bench.consume --from-beginning --max-messages ${RECORDS} > /dev/null 2>&1`,
    )

    const rate = (x) => RECORDS / (x.median / 1000)
    const fmt = (n) => Math.round(n).toLocaleString('en-US')
    const mb = (x) => ((RECORDS * SIZE) / 1e6 / (x.median / 1000)).toFixed(1)
    const row = (label, x, mem) =>
      `| ${label} | ${(x.median / 1000).toFixed(2)} s (±${(x.stddev / 1000).toFixed(2)}) | ${fmt(rate(x))} | ${mb(x)} | ${mem.toFixed(0)} MiB |`
    const verdict = (ours, consoleTool, kcat, oursMem) => {
      const vsConsole = consoleTool.median / ours.median
      const vsKcat = kcat.median / ours.median
      return `ktk / console: **${vsConsole.toFixed(2)}×** (goal ≥ 1: ${vsConsole >= 1 ? 'met' : 'NOT met'}); ktk / kcat: **${vsKcat.toFixed(2)}×** (goal ≥ 0.5: ${vsKcat >= 0.5 ? 'met' : 'NOT met'}); ktk peak memory ${oursMem.toFixed(0)} MiB (goal < 300: ${oursMem < 300 ? 'met' : 'NOT met'})`
    }
    const commands = [...Object.values(produce), ...Object.values(consume)].map((x) =>
      x.command.replaceAll(ROOT, '.'),
    )
    writeSection(
      'records',
      `## Produce and consume (issue #4)

${new Date().toISOString().slice(0, 10)}, Apache Kafka ${kafka.version}, one broker on loopback, a topic of one partition, ${fmt(RECORDS)} records of ${SIZE} bytes (99 characters and a newline) from a file. ${machine()}. Medians of ${RUNS} runs after a warm-up, all tools in the same run; each produce run writes into a freshly created topic. Rates count records and value bytes; times include each tool's start-up (a JVM for Kafka's tools).

Settings as each tool ships: ktk acks=all, idempotent; kcat (librdkafka) acks=all; kafka-console-producer acks=all, idempotent. All consumers read from the beginning to the end and write to /dev/null; ktk and Kafka's consumer verify each batch's CRC, librdkafka does not by default.

| produce | median | records/s | MB/s | peak memory |
|---|---:|---:|---:|---:|
${row('ktk produce', produce['ktk produce'], memory['ktk produce'])}
${row('kcat -P', produce['kcat -P'], memory['kcat -P'])}
${row('kafka-console-producer', produce['kafka-console-producer'], memory['kafka-console-producer'])}

${verdict(produce['ktk produce'], produce['kafka-console-producer'], produce['kcat -P'], memory['ktk produce'])}.

| consume | median | records/s | MB/s | peak memory |
|---|---:|---:|---:|---:|
${row('ktk consume', consume['ktk consume'], memory['ktk consume'])}
${row('kcat -C', consume['kcat -C'], memory['kcat -C'])}
${row('kafka-console-consumer', consume['kafka-console-consumer'], memory['kafka-console-consumer'])}

${verdict(consume['ktk consume'], consume['kafka-console-consumer'], consume['kcat -C'], memory['ktk consume'])}.

Memory does not grow with the input: producing ${fmt(3 * RECORDS)} records (${((3 * RECORDS * SIZE) / 1e6).toFixed(0)} MB) peaked at ${memory['ktk produce (3M records)'].toFixed(0)} MiB, consuming them at ${memory['ktk consume (3M records)'].toFixed(0)} MiB (ktk bounds what it buffers: 32 MiB of unsent batches, 8 MiB of fetched records).

Commands (hyperfine -N; Kafka's tools run as bin/kafka-run-class.sh would run them, see bench/kafka-tool.sh; peak memory is GNU time's "Maximum resident set size" of one run):

\`\`\`
${commands.join('\n')}
\`\`\`

Reproduce: \`npm run build && npm run bench -- records\`.`,
    )
  } finally {
    await kafka.stop()
  }
}
