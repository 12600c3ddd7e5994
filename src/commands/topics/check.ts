import { ClusterCommand } from '../../base/command.js'
import { checked, type Outcome } from '../../base/outcome.js'
import { readSpecs, specFileFlag } from '../../base/spec.js'
import { hasDrift } from '../../core/topics-plan.js'
import { renderCheck } from '../../output/topics-as-code.js'
import { type PlanResult, planSpec } from '../../services/topics-as-code.js'

export default class TopicsCheck extends ClusterCommand<typeof TopicsCheck> {
  static override summary = 'Exit 3 when the cluster has drifted from spec files (for CI and cron).'
  static override description =
    'Drift is anything `topics plan` would report for the spec: a missing topic, fewer partitions, a config that differs or is set by hand, a replication factor that differs. Topics the spec does not declare are not looked at. Prints what differs; exits 0 when nothing does.'
  static override examples = [
    '<%= config.bin %> topics check -f topics.yaml',
    '<%= config.bin %> topics check -f topics.yaml --json || alert "topics drifted"',
  ]
  static override flags = { file: specFileFlag }

  async run(): Promise<Outcome<PlanResult & { drift: boolean }>> {
    const plan = await planSpec(await this.gateway(), readSpecs(this.flags.file), { prune: [] })
    const drift = hasDrift(plan)
    this.print(renderCheck(plan, drift, this.mode))
    return checked({ ...plan, drift }, drift)
  }
}
