/**
 * Tiny runtime schemas for data crossing a boundary (IPC, WebSocket, files). Each schema checks an
 * unknown value and returns it typed, or the list of problems with their paths.
 */
export type Issue = { path: string; message: string }
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

export interface Schema<T> {
  check(value: unknown, path?: string): Checked<T>
}

export type Infer<S> = S extends Schema<infer T> ? T : never

const ok = <T>(value: T): Checked<T> => ({ ok: true, value })
const fail = (path: string, message: string): Checked<never> => ({ ok: false, issues: [{ path: path || '(root)', message }] })

export function string(opts: { min?: number; max?: number } = {}): Schema<string> {
  return {
    check(v, path = '') {
      if (typeof v !== 'string') return fail(path, 'must be a string')
      if (opts.min !== undefined && v.length < opts.min) return fail(path, `must have at least ${opts.min} characters`)
      if (opts.max !== undefined && v.length > opts.max) return fail(path, `must have at most ${opts.max} characters`)
      return ok(v)
    }
  }
}

export function number(opts: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  return {
    check(v, path = '') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path, 'must be a finite number')
      if (opts.integer && !Number.isInteger(v)) return fail(path, 'must be a whole number')
      if (opts.min !== undefined && v < opts.min) return fail(path, `must be at least ${opts.min}`)
      if (opts.max !== undefined && v > opts.max) return fail(path, `must be at most ${opts.max}`)
      return ok(v)
    }
  }
}

export function boolean(): Schema<boolean> {
  return { check: (v, path = '') => (typeof v === 'boolean' ? ok(v) : fail(path, 'must be true or false')) }
}

export function literal<T extends string>(...values: T[]): Schema<T> {
  return {
    check: (v, path = '') =>
      values.includes(v as T) ? ok(v as T) : fail(path, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`)
  }
}

export function array<T>(item: Schema<T>, opts: { min?: number; max?: number } = {}): Schema<T[]> {
  return {
    check(v, path = '') {
      if (!Array.isArray(v)) return fail(path, 'must be a list')
      if (opts.min !== undefined && v.length < opts.min) return fail(path, `must have at least ${opts.min} item(s)`)
      if (opts.max !== undefined && v.length > opts.max) return fail(path, `must have at most ${opts.max} items`)
      const out: T[] = []
      const issues: Issue[] = []
      v.forEach((x, i) => {
        const r = item.check(x, `${path}[${i}]`)
        if (r.ok) out.push(r.value)
        else issues.push(...r.issues)
      })
      return issues.length ? { ok: false, issues } : ok(out)
    }
  }
}

type Shape = Record<string, Schema<unknown>>
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S]
type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>
}

export interface OptionalSchema<T> extends Schema<T | undefined> {
  optional: true
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return { optional: true, check: (v, path = '') => (v === undefined ? ok(undefined) : inner.check(v, path)) }
}

/** A plain object with exactly these keys (unknown keys are refused, so typos surface). */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    check(v, path = '') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, 'must be an object')
      const rec = v as Record<string, unknown>
      const issues: Issue[] = []
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(rec)) {
        if (!(key in shape)) issues.push({ path: path ? `${path}.${key}` : key, message: 'is not a known field' })
      }
      for (const [key, schema] of Object.entries(shape)) {
        const r = schema.check(rec[key], path ? `${path}.${key}` : key)
        if (!r.ok) {
          if (rec[key] === undefined && !('optional' in schema)) issues.push({ path: path ? `${path}.${key}` : key, message: 'is required' })
          else issues.push(...r.issues)
        } else if (r.value !== undefined) out[key] = r.value
      }
      return issues.length ? { ok: false, issues } : ok(out as ObjectOf<S>)
    }
  }
}

/** Any value, for payloads validated deeper down (e.g. a model spec, checked by validateSpec). */
export function unknownValue(): Schema<unknown> {
  return { check: (v) => ok(v) }
}

export function formatIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ')
}
