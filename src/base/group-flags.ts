import { Flags } from '@oclif/core'

/** Group selection, spelled as kafka-consumer-groups spells it. */
export const groupSelectionFlags = {
  group: Flags.string({
    char: 'g',
    summary: 'A consumer group. Repeatable.',
    multiple: true,
  }),
  'all-groups': Flags.boolean({
    summary: 'Every consumer group in the cluster.',
    exclusive: ['group'],
  }),
}
