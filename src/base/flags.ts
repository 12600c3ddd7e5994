import { Flags } from '@oclif/core'

/** Connection flags, spelled as Kafka's own tools spell them. */
export const connectionFlags = {
  'bootstrap-server': Flags.string({
    char: 'b',
    summary:
      'Broker address(es), host:port[,host:port]. Default: $KTK_BOOTSTRAP_SERVER, then the context, then the `ktk local` cluster.',
    helpGroup: 'CONNECTION',
  }),
  context: Flags.string({
    summary:
      'The context (ktk context list) to connect with. Default: $KTK_CONTEXT, then the current context.',
    helpGroup: 'CONNECTION',
  }),
  'command-config': Flags.string({
    summary: 'Java client properties file (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.*).',
    helpGroup: 'CONNECTION',
  }),
  timeout: Flags.string({
    summary:
      'How long to wait for the cluster, e.g. 15s, 500ms, 2m. Default: $KTK_TIMEOUT, the context, or 15s.',
    helpGroup: 'CONNECTION',
  }),
  'oauth-token-command': Flags.string({
    summary:
      'SASL OAUTHBEARER: a command whose stdout is the token (a JWT or a JSON token response); run again before the token expires.',
    helpGroup: 'CONNECTION',
  }),
}

/** Topic selection shared by describe, list, alter: names as arguments, regexes with --topic. */
export const topicSelectionFlags = {
  topic: Flags.string({
    summary:
      "Topics to include, as kafka-topics' --topic: a regex matching whole names (commas mean or). Repeatable.",
    multiple: true,
  }),
  'exclude-internal': Flags.boolean({ summary: 'Leave out internal topics such as __consumer_offsets.' }),
}

export const ifExistsFlag = Flags.boolean({
  summary: 'A topic that does not exist is not an error.',
})
