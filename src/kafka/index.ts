import type { ConnectionSettings } from '../core/connection-settings.js'
import { SessionGateway } from './admin.js'
import type { KafkaGateway } from './gateway.js'
import { SessionGroupsGateway } from './groups.js'
import { SessionRecordsGateway } from './records/gateway.js'
import { type DebugLog, KafkaSession } from './session.js'

export type {
  AclGateway,
  AdminGateway,
  ConsumerOptions,
  DeliveryReport,
  GroupsGateway,
  KafkaGateway,
  PartitionRange,
  PerGroup,
  ProducerOptions,
  RecordConsumer,
  RecordProducer,
  RecordsGateway,
  StartMoved,
} from './gateway.js'

/**
 * Opens a gateway to the cluster. Nothing is sent until the first call: the session connects on its
 * first request. Each method delegates to the part that serves it (the parts share one session); the
 * literal is checked against KafkaGateway, so a method missing from a part fails the build.
 */
export function openGateway(settings: ConnectionSettings, debug?: DebugLog): KafkaGateway {
  const session = new KafkaSession(settings, debug)
  const admin = new SessionGateway(session)
  const groups = new SessionGroupsGateway(session)
  const records = new SessionRecordsGateway(session)
  return {
    clusterInfo: () => admin.clusterInfo(),
    brokerReleases: (nodeIds) => admin.brokerReleases(nodeIds),
    metadata: () => admin.metadata(),
    listTopics: () => admin.listTopics(),
    topicConfigs: (topics) => admin.topicConfigs(topics),
    partitionOffsets: (topics) => admin.partitionOffsets(topics),
    createTopics: (specs, options) => admin.createTopics(specs, options),
    createPartitions: (topic, count, assignments, options) =>
      admin.createPartitions(topic, count, assignments, options),
    alterTopicConfigs: (topic, operations, options) => admin.alterTopicConfigs(topic, operations, options),
    deleteTopics: (topics) => admin.deleteTopics(topics),
    checkTopicAccess: (names) => admin.checkTopicAccess(names),

    describeAcls: (filter) => admin.describeAcls(filter),
    createAcls: (acls) => admin.createAcls(acls),
    deleteAcls: (filters) => admin.deleteAcls(filters),

    listGroups: (filter) => groups.listGroups(filter),
    describeGroups: (groupIds) => groups.describeGroups(groupIds),
    committedOffsets: (groupIds) => groups.committedOffsets(groupIds),
    logOffsets: (partitions, query) => groups.logOffsets(partitions, query),
    recordsAt: (queries) => groups.recordsAt(queries),
    commitOffsets: (groupId, offsets) => groups.commitOffsets(groupId, offsets),
    deleteOffsets: (groupId, partitions) => groups.deleteOffsets(groupId, partitions),
    deleteGroups: (groupIds) => groups.deleteGroups(groupIds),

    openProducer: (options) => records.openProducer(options),
    openConsumer: (options) => records.openConsumer(options),

    close: () => session.close(),
  }
}
