import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { stopExitCode } from '../../base/interrupt.js'
import { loadPolicy, namingEnv, namingFlags } from '../../base/naming.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { canPrompt } from '../../base/prompt.js'
import { pruneFlag, readSpecs, specFileFlag } from '../../base/spec.js'
import { KtkError } from '../../core/errors.js'
import { PARTITION_INCREASE_WARNING } from '../../core/topics-plan.js'
import { planCounts, renderApply, renderPlan } from '../../output/topics-as-code.js'
import { type ApplyResult, applyPlan, planSpec } from '../../services/topics-as-code.js'

export default class TopicsApply extends ClusterCommand<typeof TopicsApply> {
  static override summary =
    'Make the cluster match spec files: create topics, add partitions, change configs.'
  static override description =
    `Shows the plan (as topics plan), asks on a terminal, and runs it one topic at a time with progress on stderr. Configs change incrementally: only the keys in the plan change, every other config stays as it was. A topic is deleted only when named with --prune. Scripts pass --yes; --dry-run has the broker validate every step and changes nothing.

Topics it creates are checked against the naming policy first (enforce mode refuses, exit 2; --skip-naming-check overrides with a warning). On a failure it stops and reports what was done and what was not, with the failure's exit code; Ctrl-C stops after the current step (exit 130).`
  static override examples = [
    '<%= config.bin %> topics apply -f topics.yaml',
    '<%= config.bin %> topics apply -f topics.yaml --dry-run',
    '<%= config.bin %> topics apply -f topics.yaml --yes --json',
    '<%= config.bin %> topics apply -f topics.yaml --prune dev.shop.cart_updated.v1 --yes',
  ]
  static override flags = {
    file: specFileFlag,
    prune: pruneFlag,
    'dry-run': Flags.boolean({ summary: 'Have the broker validate every change without making it.' }),
    yes: Flags.boolean({ char: 'y', summary: 'Apply without asking (required when not on a terminal).' }),
    ...namingFlags,
  }

  async run(): Promise<ApplyResult | Outcome<ApplyResult>> {
    const gateway = await this.gateway()
    const plan = await planSpec(gateway, readSpecs(this.flags.file), {
      prune: this.flags.prune ?? [],
      policy: loadPolicy(this.flags),
      skipNamingCheck: this.flags['skip-naming-check'],
      env: namingEnv(this.flags),
    })
    for (const warning of plan.warnings) this.warning(warning)
    if (plan.actions.some((a) => a.action === 'update' && a.partitions))
      this.warning(PARTITION_INCREASE_WARNING)
    const dryRun = this.flags['dry-run']
    if (plan.actions.length === 0) {
      const result = { dryRun, plan, steps: [] }
      this.print(renderPlan(plan, this.mode))
      return result
    }
    if (!this.flags.yes && !dryRun) {
      if (!canPrompt() || this.jsonEnabled()) {
        this.note(renderPlan(plan, this.errMode))
        throw new KtkError(
          'USAGE',
          `refusing to apply ${plan.actions.length} change(s) without confirmation`,
          {
            hints: ['pass --yes to apply from a script, or review them with: ktk topics plan -f FILE'],
          },
        )
      }
      if (
        !(await this.confirmShown(
          renderPlan(plan, this.errMode),
          `Apply these changes (${planCounts(plan)})?`,
        ))
      ) {
        this.note('Nothing was changed.')
        return { dryRun, plan, steps: [] }
      }
    } else {
      this.note(renderPlan(plan, this.errMode))
    }

    const stop = this.interruption({
      onStop: () => this.note('Interrupted: stopping after the current step.'),
    })
    let result: ApplyResult
    try {
      result = await applyPlan(gateway, plan, {
        dryRun,
        interrupted: () => stop.signal.aborted,
        onStep: (i, total, action) =>
          this.note(`[${i + 1}/${total}] ${dryRun ? 'validate ' : ''}${action.action} ${action.topic}`),
      })
    } finally {
      stop.dispose()
    }
    this.print(renderApply(result, this.mode))
    const failed = result.steps.find((s) => s.status === 'failed')
    return outcome(result, failed ? failed.error!.exit : stopExitCode(stop.cause))
  }
}
