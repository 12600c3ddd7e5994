import { Flags } from '@oclif/core'
import { parseDuration, TIMER_MAX_MS } from '../core/duration.js'
import type { ErrorCode } from '../core/errors.js'
import { checkTopicName, parseBoundedInt, parseKafkaId } from '../core/flag-values.js'
import { compileTopicPattern } from '../core/topic-filter.js'

/**
 * An integer flag within [min, max], every one parsed by parseBoundedInt: a value out of range is a
 * usage error naming the flag and the range, never a number rounded or overflowed on the way to Kafka.
 */
export const intFlag = Flags.custom<number, { min: number; max: number; code?: ErrorCode }>({
  parse: async (input, _context, opts) => parseBoundedInt(input, `--${opts.name}`, opts),
})

/**
 * A duration flag (500ms, 15s, 2m, 1d), checked against its limits when parsed: by default from 1 ms
 * (zero is no wait) to TIMER_MAX_MS (the longest a timer can hold). The value stays the text the user
 * gave; the command parses it again where it uses it.
 */
export const durationFlag = Flags.custom<string, { min?: number; max?: number }>({
  parse: async (input, _context, opts) => {
    parseDuration(input, `--${opts.name}`, { min: opts.min ?? 1, max: opts.max ?? TIMER_MAX_MS })
    return input
  },
})

/** A consumer group id or transactional id: not empty, at most Kafka's 32767 bytes. */
export const kafkaIdFlag = Flags.custom<string>({
  parse: async (input, _context, opts) => parseKafkaId(input, `--${opts.name}`),
})

/** A topic given by name (produce, consume): a name Kafka could hold, checked before connecting. */
export const topicNameFlag = Flags.custom<string>({
  parse: async (input, _context, opts) => checkTopicName(input, `--${opts.name}`),
})

/** A --topic regex, compiled when parsed so a bad pattern is a usage error before anything connects. */
export const topicPatternFlag = Flags.custom<string>({
  parse: async (input) => {
    compileTopicPattern(input)
    return input
  },
})

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
  timeout: durationFlag({
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
  topic: topicPatternFlag({
    summary:
      "Topics to include, as kafka-topics' --topic: a regex matching whole names (commas mean or). Repeatable.",
    multiple: true,
  }),
  'exclude-internal': Flags.boolean({ summary: 'Leave out internal topics such as __consumer_offsets.' }),
}

export const ifExistsFlag = Flags.boolean({
  summary: 'A topic that does not exist is not an error.',
})

/**
 * A string flag checked by `check` when it is parsed, so a bad value is a usage error before anything
 * connects or reads input; the value stays the text given, parsed again where it is used.
 */
export function checkedString(check: (value: string, flag: string) => unknown) {
  return Flags.custom<string>({
    parse: async (input, _context, opts) => {
      check(input, `--${opts.name}`)
      return input
    },
  })
}
