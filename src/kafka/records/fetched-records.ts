/**
 * One partition's fetched bytes turned into the records a reader sees: record batches decoded from the
 * fetch offset up to the end, control batches never handed out, and under read_committed the records of
 * aborted transactions dropped (by the aborted transactions the Fetch answer lists, until each one's
 * abort marker). The next fetch offset follows the last batch, so compaction gaps are skipped.
 */
import type { RecordBlock } from '../../core/records.js'
import type { FetchPartitionResult } from '../protocol/fetch-request.js'
import {
  type BatchInfo,
  batchBody,
  decodeInto,
  isCommitMarker,
  newBlock,
  scanBatches,
} from './record-batch.js'

/** Where a reader stands in one partition, and what it knows of the partition's aborted transactions. */
export interface ReadPosition {
  topic: string
  partition: number
  /** Next offset to fetch. */
  fetchOffset: number
  /** Exclusive end, when the reader stops at one. */
  end: number | null
  /** Aborted transactions seen in fetch answers and not yet reached: producer id, first offset. */
  aborted: { producerId: bigint; firstOffset: number }[]
  /** Producers whose transaction is aborted at the current position (until their abort marker). */
  abortedProducers: Set<bigint>
}

/**
 * The records of a successful fetch answer for the position (null: none to hand out); moves the
 * position's fetch offset past the fetched batches.
 */
export async function readFetched(
  p: ReadPosition,
  result: FetchPartitionResult,
  readCommitted: boolean,
): Promise<RecordBlock | null> {
  rememberAborted(p, result)
  if (!result.records || result.records.length === 0) return null
  const data = result.records
  const batches = scanBatches(data, p.topic, p.partition)
  const until = p.end ?? Number.MAX_SAFE_INTEGER
  const wanted = await visibleBatches(p, data, batches, until, readCommitted)
  const block = newBlock(
    p.topic,
    p.partition,
    wanted.reduce((n, b) => n + b.count, 0),
  )
  for (const batch of wanted) decodeInto(block, batch, await batchBody(data, batch), p.fetchOffset, until)
  const last = batches[batches.length - 1]
  if (last && last.lastOffset + 1 > p.fetchOffset) p.fetchOffset = Math.min(last.lastOffset + 1, until)
  return block.count > 0 ? block : null
}

function rememberAborted(p: ReadPosition, result: FetchPartitionResult): void {
  for (const a of result.abortedTransactions ?? []) {
    if (!p.aborted.some((x) => x.producerId === a.producerId && x.firstOffset === a.firstOffset))
      p.aborted.push(a)
  }
}

/** The data batches from the fetch offset to the end that the isolation level lets through. */
async function visibleBatches(
  p: ReadPosition,
  data: Buffer,
  batches: readonly BatchInfo[],
  until: number,
  readCommitted: boolean,
): Promise<BatchInfo[]> {
  const wanted: BatchInfo[] = []
  for (const batch of batches) {
    if (batch.lastOffset < p.fetchOffset) continue
    if (batch.baseOffset >= until) break
    if (readCommitted) enterAborted(p, batch)
    if (batch.control) {
      if (readCommitted && p.abortedProducers.has(batch.producerId)) await leaveAborted(p, data, batch)
    } else if (!(readCommitted && batch.transactional && p.abortedProducers.has(batch.producerId))) {
      wanted.push(batch)
    }
  }
  return wanted
}

/** Aborted transactions that start at or before this batch make their producers' records invisible. */
function enterAborted(p: ReadPosition, batch: BatchInfo): void {
  for (const a of p.aborted) if (a.firstOffset <= batch.lastOffset) p.abortedProducers.add(a.producerId)
  p.aborted = p.aborted.filter((a) => a.firstOffset > batch.lastOffset)
}

/** The abort marker of a producer's aborted transaction: its later records are visible again. */
async function leaveAborted(p: ReadPosition, data: Buffer, batch: BatchInfo): Promise<void> {
  const body = await batchBody(data, batch)
  if (!isCommitMarker(body)) p.abortedProducers.delete(batch.producerId)
}
