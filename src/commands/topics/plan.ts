import { ClusterCommand } from '../../base/command.js'
import { loadPolicy, namingEnv, namingFlags } from '../../base/naming.js'
import { checked, type Outcome } from '../../base/outcome.js'
import { pruneFlag, readSpecs, specFileFlag } from '../../base/spec.js'
import { hasDrift } from '../../core/topics-plan.js'
import { renderPlan } from '../../output/topics-as-code.js'
import { type PlanResult, planSpec } from '../../services/topics-as-code.js'

export default class TopicsPlan extends ClusterCommand<typeof TopicsPlan> {
  static override summary = 'Show what `topics apply` would change to make the cluster match spec files.'
  static override description =
    `Compares the spec with the cluster: topics to create, partition increases, topic configs to set or return to their default (the spec's configs are the topic's complete set of overrides), and replication factors that differ (reported; apply does not reassign replicas). A partition decrease is refused (exit 5). Topics the spec does not declare are left alone unless named with --prune.

Exits 0 when the cluster matches, 3 when there is something to apply. Names the plan would create are checked against the naming policy.`
  static override examples = [
    '<%= config.bin %> topics plan -f topics.yaml',
    '<%= config.bin %> topics plan -f base.yaml -f prod.yaml --prune prod.legacy.orders.v1',
    '<%= config.bin %> topics plan -f topics.yaml --json | jq ".actions[].topic"',
  ]
  static override flags = { file: specFileFlag, prune: pruneFlag, ...namingFlags }

  async run(): Promise<Outcome<PlanResult>> {
    const spec = readSpecs(this.flags.file)
    const plan = await planSpec(await this.gateway(), spec, {
      prune: this.flags.prune ?? [],
      policy: loadPolicy(this.flags),
      skipNamingCheck: this.flags['skip-naming-check'],
      env: namingEnv(this.flags),
    })
    this.print(renderPlan(plan, this.mode))
    for (const warning of plan.warnings) this.warning(warning)
    return checked(plan, hasDrift(plan))
  }
}
