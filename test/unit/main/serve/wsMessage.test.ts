import { describe, expect, it } from 'vitest'
import { NO_ID, parseFrame } from '../../../../src/main/serve/wsMessage'

const text = (value: unknown) => parseFrame(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), false)

describe('parseFrame', () => {
  it('reads a well-formed request, input optional', () => {
    expect(text({ id: 3, name: 'runs.list', input: {} })).toEqual({ ok: true, id: 3, name: 'runs.list', input: {} })
    expect(text({ id: 0, name: 'runs.list' })).toEqual({ ok: true, id: 0, name: 'runs.list' })
  })

  it('answers to the message id when it is usable, else to -1', () => {
    expect(text({ id: 9, name: '' })).toMatchObject({ ok: false, id: 9, error: { code: 'invalid_request' } })
    for (const id of [-1, 1.5, '1', null, 2 ** 53]) {
      expect(text({ id, name: 'runs.list', input: {} }), String(id)).toMatchObject({ ok: false, id: NO_ID })
    }
    expect(text('{"id":')).toMatchObject({ ok: false, id: NO_ID, error: { message: 'the message is not valid JSON' } })
    expect(text('null')).toMatchObject({ ok: false, id: NO_ID })
    expect(parseFrame(Buffer.from('{"id":1,"name":"runs.list"}'), true)).toMatchObject({ ok: false, id: NO_ID })
  })

  it('lists every problem of a wrong shape with its path', () => {
    const r = text({ id: 4, name: 5, extra: 1 })
    expect(r).toMatchObject({
      ok: false,
      id: 4,
      error: { details: { issues: [{ path: 'extra', message: 'is not a known field' }, { path: 'name', message: 'must be a string' }] } }
    })
  })
})
