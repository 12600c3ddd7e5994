/** Kafka API keys of the requests ktk sends itself. */
export const ApiKey = {
  ListOffsets: 2,
  Metadata: 3,
  CreateTopics: 19,
  DeleteTopics: 20,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  DescribeConfigs: 32,
  CreatePartitions: 37,
  IncrementalAlterConfigs: 44,
  DescribeQuorum: 55,
} as const

/** Per-item result of an admin request: Kafka error code and, for newer versions, its message. */
export interface ItemError {
  name: string
  errorCode: number
  errorMessage: string | null
}
