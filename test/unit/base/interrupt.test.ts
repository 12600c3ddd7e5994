import { afterEach, describe, expect, it, vi } from 'vitest'
import { interruption, stopExitCode } from '../../../src/base/interrupt.js'

describe('interruption: the one handler of SIGINT, SIGTERM and a closed stdout', () => {
  afterEach(() => vi.restoreAllMocks())

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('the first %s aborts with that reason; a second exits at once with %i', (name, code) => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const stop = interruption()
    try {
      process.emit(name)
      expect(stop.signal.aborted).toBe(true)
      expect(stop.signal.reason).toBe(name)
      expect(stop.cause).toBe(name)
      expect(stopExitCode(stop.cause)).toBe(code)
      expect(exit).not.toHaveBeenCalled()
      process.emit(name)
      expect(exit).toHaveBeenCalledWith(code)
    } finally {
      stop.dispose()
    }
  })

  it('a closed stdout stops the command with exit 0, and a signal after it exits at once', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const stop = interruption()
    try {
      stop.outputClosed()
      expect(stop.cause).toBe('EPIPE')
      expect(stopExitCode(stop.cause)).toBe(0)
      process.emit('SIGTERM')
      expect(exit).toHaveBeenCalledWith(143)
    } finally {
      stop.dispose()
    }
  })

  it('dispose removes its listeners: nothing of a command outlives it', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    const stop = interruption()
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ])
    stop.dispose()
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
    expect(stop.cause).toBeUndefined()
  })
})

describe('interruption options', () => {
  afterEach(() => vi.restoreAllMocks())

  it('onStop runs once, at the first stop, before the signal aborts', () => {
    vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const seen: string[] = []
    const stop = interruption({ onStop: (cause) => seen.push(`${cause} aborted=${stop.signal.aborted}`) })
    try {
      process.emit('SIGTERM')
      process.emit('SIGINT')
      expect(seen).toEqual(['SIGTERM aborted=false'])
    } finally {
      stop.dispose()
    }
  })

  it('exitAtOnce exits with the code at the first signal; only the signals asked for are listened to', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const before = process.listenerCount('SIGTERM')
    const stop = interruption({ signals: ['SIGINT'], exitAtOnce: true })
    try {
      expect(process.listenerCount('SIGTERM')).toBe(before)
      process.emit('SIGINT')
      expect(exit).toHaveBeenCalledWith(130)
      expect(stop.cause).toBe('SIGINT')
    } finally {
      stop.dispose()
    }
  })
})
