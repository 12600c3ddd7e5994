/** Line numbers as compact ranges ("3-7,12"), and back. */
export function toRanges(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1]! <= sorted[j]! + 1) j++
    parts.push(sorted[i] === sorted[j] ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

export function fromRanges(text: string): number[] {
  if (text.trim() === '') return []
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined]
    if (b === undefined) return [a]
    return Array.from({ length: b - a + 1 }, (_, i) => a + i)
  })
}
