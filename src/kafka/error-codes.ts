/**
 * Kafka's protocol error codes: one table for every part of ktk. Names as Kafka 4.x spells them
 * (kafkajs 2.2.4's table, corrected where it uses old names or lacks a code), and whether a client retries.
 */
import type { ItemFailure } from '../core/group-types.js'
import { kafkajs } from './driver.js'

/** Kafka's current names for codes kafkajs 2.2.4 spells the old way or does not know. */
const NAMES: Record<number, string> = {
  6: 'NOT_LEADER_OR_FOLLOWER',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  100: 'UNKNOWN_TOPIC_ID',
  110: 'FENCED_MEMBER_EPOCH',
  113: 'STALE_MEMBER_EPOCH',
}

function kafkajsEntry(code: number) {
  return kafkajs().errorCodes.errorCodes.find((e) => e.code === code)
}

/** Kafka's error name for a protocol error code, as Kafka 4.x spells it (TOPIC_ALREADY_EXISTS, NOT_COORDINATOR, …). */
export function kafkaErrorType(code: number): string {
  return NAMES[code] ?? kafkajsEntry(code)?.type ?? `ERROR_${code}`
}

/** True for a Kafka error code the client should retry (kafkajs's table, from Kafka's own). */
export function isRetriableCode(code: number): boolean {
  return kafkajsEntry(code)?.retriable === true
}

/** The protocol error codes ktk acts on by number. */
export const Err = {
  none: 0,
  offsetOutOfRange: 1,
  unknownTopicOrPartition: 3,
  leaderNotAvailable: 5,
  notLeaderOrFollower: 6,
  coordinatorLoadInProgress: 14,
  coordinatorNotAvailable: 15,
  notCoordinator: 16,
  illegalGeneration: 22,
  unknownMemberId: 25,
  rebalanceInProgress: 27,
  groupAuthorizationFailed: 30,
  unsupportedVersion: 35,
  nonEmptyGroup: 68,
  groupIdNotFound: 69,
  groupSubscribedToTopic: 86,
  fencedMemberEpoch: 110,
  staleMemberEpoch: 113,
} as const

const MESSAGES: Record<string, string> = {
  NON_EMPTY_GROUP: 'the group is not empty (it has active members)',
  GROUP_ID_NOT_FOUND: 'the group does not exist',
  GROUP_SUBSCRIBED_TO_TOPIC: 'the group is subscribed to the topic and has active members',
  UNKNOWN_MEMBER_ID: 'the group has active members (offsets can only be changed while it is empty)',
  ILLEGAL_GENERATION: 'the group has active members (offsets can only be changed while it is empty)',
  REBALANCE_IN_PROGRESS: 'the group is rebalancing (it has active members)',
  FENCED_MEMBER_EPOCH: 'the group has active members (offsets can only be changed while it is empty)',
  STALE_MEMBER_EPOCH: 'the group has active members (offsets can only be changed while it is empty)',
  UNKNOWN_TOPIC_OR_PARTITION: 'the topic or partition does not exist',
  GROUP_AUTHORIZATION_FAILED: 'not authorized to access the group',
  TOPIC_AUTHORIZATION_FAILED: 'not authorized to access the topic',
  INVALID_GROUP_ID: 'the group id is not valid',
}

/** An error code as an ItemFailure, with the broker's message when it sent one. */
export function failure(code: number, brokerMessage?: string | null): ItemFailure {
  const name = kafkaErrorType(code)
  const message = brokerMessage?.trim() || MESSAGES[name] || name
  return { code: name, message }
}

/** Error codes that mean: find the coordinator again and retry. */
export function isCoordinatorRetriable(code: number): boolean {
  return (
    code === Err.coordinatorLoadInProgress ||
    code === Err.coordinatorNotAvailable ||
    code === Err.notCoordinator
  )
}
