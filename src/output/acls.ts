import type { Acl } from '../core/acl.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderTable } from './table.js'

/** ACLs as a table, one per row, in the terms kafka-acls prints (ResourcePattern, AccessControlEntry). */
export function renderAcls(acls: readonly Acl[], mode: OutputMode): string {
  const s = style(mode)
  return renderTable(
    [
      { header: 'RESOURCE-TYPE' },
      { header: 'RESOURCE-NAME' },
      { header: 'PATTERN-TYPE' },
      { header: 'PRINCIPAL' },
      { header: 'HOST' },
      { header: 'OPERATION' },
      { header: 'PERMISSION' },
    ],
    acls.map((a) => [
      a.resourceType,
      a.resourceName,
      a.patternType,
      a.principal,
      a.host,
      a.operation,
      a.permission === 'DENY' ? s.red(a.permission) : s.green(a.permission),
    ]),
    mode,
  )
}

/** What create and delete did (or, with --dry-run, would do). */
export function renderAclChange(
  verb: 'Created' | 'Deleted',
  acls: readonly Acl[],
  dryRun: boolean,
  mode: OutputMode,
): string {
  const head = dryRun
    ? `Would ${verb === 'Created' ? 'create' : 'delete'} ${acls.length} ACL${acls.length === 1 ? '' : 's'} (dry run):`
    : `${verb} ${acls.length} ACL${acls.length === 1 ? '' : 's'}${acls.length > 0 ? ':' : '.'}`
  return acls.length === 0 ? head : `${head}\n${renderAcls(acls, mode)}`
}
