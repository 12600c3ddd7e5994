import { KtkError } from '../core/errors.js'
import type { NodeLayout } from './layout.js'
import { portIsFree } from './processes.js'
import { secureExtraPorts } from './secure.js'

/** Fails with a CONFLICT naming the first port of these nodes (their secure listeners too) that is taken. */
export async function assertPortsFree(nodes: readonly NodeLayout[], secure: boolean): Promise<void> {
  for (const node of nodes) {
    const ports = [node.port, node.controllerPort, ...(secure ? secureExtraPorts(node) : [])]
    for (const port of ports) {
      if (port !== null && !(await portIsFree(port))) throw portTaken(port)
    }
  }
}

export function portTaken(port: number): KtkError {
  return new KtkError('CONFLICT', `port ${port} on 127.0.0.1 is already in use`, {
    hints: [
      'another Kafka may be running there; choose other ports with --port (brokers use port..port+2, controllers (or ZooKeeper) port+100..port+102; --secure adds port+10.. and port+20..)',
    ],
  })
}
