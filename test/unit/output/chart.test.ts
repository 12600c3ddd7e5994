import { describe, expect, it } from 'vitest'
import { barChart, sparkline } from '../../../src/output/chart.js'

describe('charts', () => {
  it('sparkline scales between the smallest and largest of the last values', () => {
    expect(sparkline([0, 7, 14])).toBe('▁▅█')
    expect(sparkline([5, 5, 5])).toBe('▄▄▄')
    expect(sparkline([0, 0])).toBe('▁▁')
    expect(sparkline([1, 2, 3, 4], 2)).toBe('▁█')
    expect(sparkline([])).toBe('')
  })

  it('bar chart: rows from the top, scale on the left, eighth blocks', () => {
    expect(barChart([0, 4, 8], { width: 10, height: 2 })).toEqual(['8 ┤  █', '0 ┤ ██'])
    expect(barChart([1, 2], { width: 10, height: 1 })).toEqual(['2 ┤▄█'])
  })
})
