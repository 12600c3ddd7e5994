/**
 * Who an idempotent or transactional producer is to the brokers: its producer id and epoch
 * (InitProducerId), and for a transactional id the transaction itself (partitions added, EndTxn) with
 * its coordinator. SessionProducer builds and sends the batches; this keeps the identity they carry.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { findCoordinator } from '../coordinator.js'
import { isRetriableCode, kafkaErrorType } from '../error-codes.js'
import { type Access, authorizationError, partitionError } from '../error-mapping.js'
import {
  addPartitionsToTxnRequest,
  endTxnRequest,
  initProducerIdRequest,
} from '../protocol/produce-requests.js'
import type { KafkaSession } from '../session.js'

export class ProducerIdentity {
  /** -1 until init(), and for a producer that is neither idempotent nor transactional. */
  producerId = -1n
  producerEpoch = -1
  private transactionCoordinator: number | undefined
  /** Whether AddPartitionsToTxn succeeded: only then is there a transaction on the coordinator to end. */
  private transactionStarted = false

  constructor(
    private readonly session: KafkaSession,
    private readonly topic: string,
    private readonly transactionalId: string | null,
    private readonly transactionTimeoutMs: number,
    /** What producing needs (WRITE on the topic and transactional id), for refusals. */
    private readonly access: Access,
  ) {}

  async init(): Promise<void> {
    const transactionalId = this.transactionalId
    let node: number | undefined
    if (transactionalId !== null) node = await this.findCoordinator()
    for (let attempt = 0; ; attempt++) {
      const result = await this.session.send(
        initProducerIdRequest(transactionalId, this.transactionTimeoutMs),
        node,
      )
      if (result.errorCode === 0) {
        this.producerId = result.producerId
        this.producerEpoch = result.producerEpoch
        return
      }
      if (kafkaErrorType(result.errorCode) === 'CLUSTER_AUTHORIZATION_FAILED') {
        // Since Kafka 3.0 (KIP-679) WRITE on a topic is enough for a producer id, and this is the topic.
        throw authorizationError({
          operation: 'WRITE',
          resourceType: 'TOPIC',
          resourceName: this.topic,
          principal: this.access.principal,
        })
      }
      if (!isRetriableCode(result.errorCode) || attempt > 20) {
        throw partitionError(result.errorCode, 'cannot get a producer id', null, this.access)
      }
      await sleep(200)
      if (transactionalId !== null) node = await this.findCoordinator()
    }
  }

  /** Adds partitions of the topic to the open transaction (retried while the coordinator is busy). */
  async addPartitions(partitions: readonly number[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const node = this.transactionCoordinator ?? (await this.findCoordinator())
      const results = await this.session.send(
        addPartitionsToTxnRequest(this.transactionalId!, this.producerId, this.producerEpoch, [
          { topic: this.topic, partitions: [...partitions] },
        ]),
        node,
      )
      const failed = results.find((r) => r.errorCode !== 0)
      if (!failed) {
        this.transactionStarted = true
        return
      }
      const type = kafkaErrorType(failed.errorCode)
      if ((!isRetriableCode(failed.errorCode) && type !== 'CONCURRENT_TRANSACTIONS') || attempt > 50) {
        throw partitionError(
          failed.errorCode,
          'cannot add the partitions to the transaction',
          null,
          this.access,
        )
      }
      if (type === 'NOT_COORDINATOR') this.transactionCoordinator = undefined
      await sleep(100)
    }
  }

  /**
   * Commits or aborts the transaction. One that never added a partition (no input) has nothing to end:
   * the coordinator would answer INVALID_TXN_STATE, so nothing is sent, as Kafka's Java producer does.
   */
  async endTransaction(commit: boolean): Promise<void> {
    if (!this.transactionStarted) return
    for (let attempt = 0; ; attempt++) {
      const node = this.transactionCoordinator ?? (await this.findCoordinator())
      const code = await this.session.send(
        endTxnRequest(this.transactionalId!, this.producerId, this.producerEpoch, commit),
        node,
      )
      if (code === 0) return
      if (!isRetriableCode(code) || attempt > 30)
        throw partitionError(code, `cannot ${commit ? 'commit' : 'abort'} the transaction`, null, this.access)
      await sleep(300)
      if (kafkaErrorType(code) === 'NOT_COORDINATOR') this.transactionCoordinator = undefined
    }
  }

  private async findCoordinator(): Promise<number> {
    this.transactionCoordinator = await findCoordinator(
      this.session,
      'transaction',
      this.transactionalId!,
      this.access,
    )
    return this.transactionCoordinator
  }
}
