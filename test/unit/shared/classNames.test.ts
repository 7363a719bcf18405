import { describe, expect, it } from 'vitest'
import { labelWithIndex, nameBesideIndex, numberedClassNames } from '../../../src/shared/classNames'

describe('labelWithIndex', () => {
  const named = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Extraordinarily long name']

  it('gives the number and the name of a named class', () => {
    expect(labelWithIndex(named, 3)).toBe('3 Dress')
    expect(labelWithIndex(named, 4, true)).toBe('4 Extraor…')
    expect(labelWithIndex(named, 0, true)).toBe('0 T-shirt')
  })

  it('gives the number once when the class is named by its number', () => {
    expect(labelWithIndex(numberedClassNames(12), 3)).toBe('3')
    expect(labelWithIndex(numberedClassNames(12), 11, true)).toBe('11')
    // A label past the list is named by its number too.
    expect(labelWithIndex(named, 7)).toBe('7')
    // A number that is not the class's own is a name like any other.
    expect(labelWithIndex(['1', '2', '3'], 0)).toBe('0 1')
  })
})

describe('nameBesideIndex', () => {
  it('is the name, or nothing when the name repeats the number', () => {
    expect(nameBesideIndex(['cat', 'dog'], 1)).toBe('dog')
    expect(nameBesideIndex(numberedClassNames(3), 2)).toBe('')
  })
})
