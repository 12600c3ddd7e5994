import type { NameKind } from '../core/completion.js'
import type { AdminGateway, GroupsGateway } from '../kafka/index.js'

/** Where completion finds names: the contexts file, and the cluster of the command line being typed. */
export interface NameSource {
  contextNames(): string[]
  gateway(): Promise<Pick<AdminGateway, 'listTopics'> & Pick<GroupsGateway, 'listGroups'>>
}

/** The names of a kind, sorted (internal topics last, as a user rarely means them). */
export async function completionNames(kind: NameKind, source: NameSource): Promise<string[]> {
  if (kind === 'contexts') return [...source.contextNames()].sort()
  const gateway = await source.gateway()
  if (kind === 'groups') {
    const groups = await gateway.listGroups({ states: [], types: [] })
    return groups.map((g) => g.groupId).sort()
  }
  const topics = await gateway.listTopics()
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
  return [
    ...topics.filter((t) => !t.internal).sort(byName),
    ...topics.filter((t) => t.internal).sort(byName),
  ].map((t) => t.name)
}
