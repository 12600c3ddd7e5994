import { Flags } from '@oclif/core'
import { kafkaIdFlag } from './flags.js'

/** Group selection, spelled as kafka-consumer-groups spells it. */
export const groupSelectionFlags = {
  group: kafkaIdFlag({
    char: 'g',
    summary: 'A consumer group. Repeatable.',
    multiple: true,
  }),
  'all-groups': Flags.boolean({
    summary: 'Every consumer group in the cluster.',
    exclusive: ['group'],
  }),
}
