import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { topicSelectionFlags } from '../../base/flags.js'
import { loadPolicy, namingEnv, namingPolicyFlags } from '../../base/naming.js'
import { checked, type Outcome } from '../../base/outcome.js'
import { readSpecs } from '../../base/spec.js'
import { KtkError } from '../../core/errors.js'
import { type LintReport, lintNames } from '../../core/naming/index.js'
import { lintSummary, renderLint } from '../../output/naming.js'
import { lintCluster } from '../../services/naming.js'

export default class TopicsLint extends ClusterCommand<typeof TopicsLint> {
  static override summary =
    "Check topic names against the naming policy: a cluster's, or spec files' offline."
  static override description =
    `Lists every name that breaks the policy, one row per broken rule, with the reason (the segment and the rule) and the nearest valid name. Exits 3 when anything breaks it, so CI can gate on it; exempt topics (Kafka's internal ones, Kafka Streams, Connect, Schema Registry, and the policy's own exemptions) pass.

The policy is --naming-policy FILE, $KTK_NAMING_POLICY, or the nearest ktk.naming.yaml from the working folder up to the repository root; without one, the built-in convention <env>.<domain>.<event>.v<N> applies. A policy in mode "off" checks nothing.

With --file, the topics of spec files are linted without a cluster.`
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> topics lint',
    "<%= config.bin %> topics lint --topic 'prod\\..*' --env prod",
    '<%= config.bin %> topics lint -f topics.yaml --naming-policy ktk.naming.yaml',
    '<%= config.bin %> topics lint --json | jq -r ".topics[].suggestion"',
  ]
  static override flags = {
    ...topicSelectionFlags,
    file: Flags.string({
      char: 'f',
      summary: 'Lint the topics of this spec file instead of a cluster (no connection). Repeatable.',
      multiple: true,
    }),
    all: Flags.boolean({ summary: 'List conforming and exempt topics too.' }),
    ...namingPolicyFlags,
  }

  async run(): Promise<Outcome<LintReport>> {
    const policy = loadPolicy(this.flags)
    if (this.flags.file) {
      if (this.argList.length > 0 || this.flags.topic) {
        throw new KtkError(
          'USAGE',
          '--file lints spec files; topic names and --topic select cluster topics',
          {
            hints: ['give either --file or topics, not both'],
          },
        )
      }
      const spec = readSpecs(this.flags.file)
      const targets = spec.map((t) => ({ name: t.name, location: t.location }))
      return this.report(lintNames(targets, policy, { env: namingEnv(this.flags), all: this.flags.all }))
    }
    const report = await lintCluster(await this.gateway(), policy, {
      names: this.argList,
      patterns: this.flags.topic ?? [],
      excludeInternal: this.flags['exclude-internal'],
      ifExists: false,
      env: namingEnv(this.flags),
      all: this.flags.all,
    })
    return this.report(report)
  }

  private report(report: LintReport): Outcome<LintReport> {
    const table = renderLint(report, this.mode)
    if (table !== '') this.print(table)
    this.note(lintSummary(report))
    return checked(report, report.violating > 0)
  }
}
