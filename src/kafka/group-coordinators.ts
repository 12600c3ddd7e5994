import type { Operation } from '../core/acl.js'
import { KtkError } from '../core/errors.js'
import type { Coordinator, ItemFailure } from '../core/group-types.js'
import { findCoordinators } from './coordinator.js'
import { failure, isCoordinatorRetriable, kafkaErrorType } from './error-codes.js'
import { deniedError, principalName } from './error-mapping.js'
import type { PerGroup } from './gateway.js'
import type { KafkaSession } from './session.js'

/** A broker's refusal: an error code, with its message when it sent one. */
type Refusal = { errorCode: number; message?: string | null }
/** What one coordinator said about one group: a value, or an error code (retried when retriable). */
export type Answer<T> = { value: T } | Refusal

/**
 * Where each group's requests go, and how its refusals read. Requests are batched per coordinator:
 * one FindCoordinator for all groups, then one request per coordinator for the groups it coordinates
 * (before Kafka 3.0, FindCoordinator goes one per group, in parallel). Coordinator moves and loading
 * coordinators are retried within the connection timeout.
 */
export class GroupCoordinators {
  private readonly coordinatorOf = new Map<string, Promise<Coordinator | Refusal | KtkError>>()
  private readonly principal: string | undefined

  constructor(private readonly session: KafkaSession) {
    this.principal = principalName(session.settings)
  }

  /**
   * Runs a request per coordinator for the groups it coordinates, retrying groups whose coordinator moved
   * or is still loading (with back-off, within the timeout). Other errors are reported per group.
   */
  async perCoordinator<T>(
    groupIds: readonly string[],
    operation: Operation,
    send: (coordinator: Coordinator, ids: string[]) => Promise<Map<string, Answer<T>>>,
  ): Promise<PerGroup<T>> {
    const out: PerGroup<T> = { results: new Map(), errors: new Map() }
    const deadline = Date.now() + this.session.settings.timeoutMs
    let pending = [...new Set(groupIds)]
    for (let attempt = 0; pending.length > 0; attempt++) {
      const coordinators = await this.coordinators(pending)
      const byNode = new Map<number, { coordinator: Coordinator; ids: string[] }>()
      for (const id of pending) {
        const c = coordinators.get(id)!
        if (c instanceof KtkError || 'errorCode' in c) {
          out.errors.set(
            id,
            c instanceof KtkError ? c : this.groupError(id, c.errorCode, operation, c.message),
          )
          continue
        }
        const entry = byNode.get(c.id) ?? { coordinator: c, ids: [] }
        entry.ids.push(id)
        byNode.set(c.id, entry)
      }
      const retry: { id: string; errorCode: number }[] = []
      await Promise.all(
        [...byNode.values()].map(async ({ coordinator, ids }) => {
          const answers = await send(coordinator, ids)
          for (const id of ids) {
            const answer = answers.get(id)
            if (!answer) out.errors.set(id, new KtkError('UNEXPECTED', `no answer about group "${id}"`))
            else if ('value' in answer) out.results.set(id, answer.value)
            else if (isCoordinatorRetriable(answer.errorCode)) retry.push({ id, errorCode: answer.errorCode })
            else out.errors.set(id, this.groupError(id, answer.errorCode, operation, answer.message))
          }
        }),
      )
      for (const { id } of retry) this.coordinatorOf.delete(id)
      pending = retry.map((r) => r.id)
      if (pending.length > 0 && Date.now() + backoff(attempt) > deadline) {
        for (const r of retry) out.errors.set(r.id, this.groupError(r.id, r.errorCode, operation))
        break
      }
      if (pending.length > 0) await sleep(backoff(attempt))
    }
    return out
  }

  /** One request about one group to its coordinator, retried while the coordinator moves or loads. */
  async forGroup<T>(
    groupId: string,
    operation: Operation,
    send: (coordinator: Coordinator) => Promise<{ value: T; errorCode: number }>,
  ): Promise<T> {
    const done = await this.perCoordinator([groupId], operation, async (coordinator) => {
      const { value, errorCode } = await send(coordinator)
      return new Map<string, Answer<T>>([
        [groupId, isCoordinatorRetriable(errorCode) ? { errorCode } : { value }],
      ])
    })
    const error = done.errors.get(groupId)
    if (error) throw error
    return done.results.get(groupId)!
  }

  /** Coordinators of these groups: one FindCoordinator for those not known yet, retried while loading. */
  private async coordinators(
    groupIds: readonly string[],
  ): Promise<Map<string, Coordinator | Refusal | KtkError>> {
    const missing = groupIds.filter((id) => !this.coordinatorOf.has(id))
    if (missing.length > 0) {
      const batch = this.findCoordinators(missing)
      for (const id of missing)
        this.coordinatorOf.set(
          id,
          batch.then((found) => found.get(id)!),
        )
    }
    const out = new Map<string, Coordinator | Refusal | KtkError>()
    for (const id of groupIds) out.set(id, await this.coordinatorOf.get(id)!)
    return out
  }

  private async findCoordinators(
    groupIds: readonly string[],
  ): Promise<Map<string, Coordinator | Refusal | KtkError>> {
    const out = new Map<string, Coordinator | Refusal | KtkError>()
    const deadline = Date.now() + this.session.settings.timeoutMs
    let pending = [...groupIds]
    for (let attempt = 0; pending.length > 0; attempt++) {
      const found = await findCoordinators(this.session, pending)
      const retry: string[] = []
      for (const c of found) {
        if (c.errorCode === 0) out.set(c.key, { id: c.nodeId, host: c.host, port: c.port })
        else if (isCoordinatorRetriable(c.errorCode) && Date.now() + backoff(attempt) < deadline)
          retry.push(c.key)
        else out.set(c.key, { errorCode: c.errorCode, message: c.errorMessage })
      }
      pending = retry
      if (pending.length > 0) await sleep(backoff(attempt))
    }
    for (const id of groupIds) {
      if (!out.has(id)) out.set(id, new KtkError('UNEXPECTED', `no coordinator found for group "${id}"`))
    }
    return out
  }

  /** A group-level refusal; an authorization failure names the principal and the operation the call needs. */
  private groupError(groupId: string, code: number, operation: Operation, brokerMessage?: string | null) {
    const denied = deniedError(code, { principal: this.principal, group: { name: groupId, operation } })
    if (denied) return denied
    const name = kafkaErrorType(code)
    const ktkCode =
      name === 'GROUP_ID_NOT_FOUND'
        ? 'GROUP_NOT_FOUND'
        : name === 'NON_EMPTY_GROUP'
          ? 'GROUP_NOT_EMPTY'
          : isCoordinatorRetriable(code)
            ? 'TIMEOUT'
            : 'UNEXPECTED'
    return new KtkError(ktkCode, `group "${groupId}": ${failure(code, brokerMessage).message}`)
  }

  /** An error code about a group or one of its topics, as an ItemFailure; refusals say who needs what. */
  itemFailure(code: number, groupId: string, operation: Operation, topic?: string): ItemFailure {
    const denied = deniedError(code, {
      principal: this.principal,
      group: { name: groupId, operation },
      ...(topic !== undefined ? { topic: { name: topic, operation } } : {}),
    })
    return denied
      ? { code: kafkaErrorType(code), message: denied.message, hints: denied.hints }
      : failure(code)
  }

  /** One partition's outcome of a group request (a commit, an offset deletion). */
  partitionOutcome(
    r: { topic: string; partition: number; errorCode: number },
    groupId: string,
    operation: Operation,
  ) {
    return {
      topic: r.topic,
      partition: r.partition,
      error: r.errorCode === 0 ? null : this.itemFailure(r.errorCode, groupId, operation, r.topic),
    }
  }
}

const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 1000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
