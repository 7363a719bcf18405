/**
 * The one adapter over the schema library (zod 4, its tree-shakable `zod/mini` build, so the renderer
 * carries only the validators it uses). Schemas stay zod schemas; this file turns zod's issues into
 * the `{ path, message }` sentences every host, log line and view shows, e.g. `layers[1].rate`.
 */
import * as z from 'zod/mini'

export type Issue = { path: string; message: string }
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: Issue[] }

/** A zod schema with the `check` its callers (Studio, hosts, the renderer) use. */
export interface Schema<T> {
  check(value: unknown, path?: string): Checked<T>
}

export type Infer<S> = S extends Schema<infer T> ? T : never

/** Keys zod reports at their object; a key of its own per issue lets a view put it beside its field. */
const UNKNOWN_KEY = 'is not a known field'

/** Hostile input could yield thousands of problems; the first ones are enough to act on. */
const MAX_ISSUES = 50

/**
 * Plain-words messages for schemas that bring none of their own. Schema-level messages (the model
 * spec's) take precedence over these, which take precedence over zod's defaults.
 */
export function plainMessage(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required'
      if (iss.expected === 'string') return 'must be a string'
      if (iss.expected === 'boolean') return 'must be true or false'
      if (iss.expected === 'array') return 'must be a list'
      if (iss.expected === 'object') return 'must be an object'
      if (iss.expected === 'int' && Number.isFinite(iss.input)) return 'must be a whole number'
      if (iss.expected === 'number' || iss.expected === 'int') return 'must be a finite number'
      return `must be a ${iss.expected}`
    case 'too_small':
      if (iss.origin === 'string') return `must have at least ${iss.minimum} characters`
      if (iss.origin === 'array') return `must have at least ${iss.minimum} item(s)`
      return `must be ${iss.inclusive === false ? 'greater than' : 'at least'} ${iss.minimum}`
    case 'too_big':
      if (iss.origin === 'string') return `must have at most ${iss.maximum} characters`
      if (iss.origin === 'array') return `must have at most ${iss.maximum} items`
      return `must be ${iss.inclusive === false ? 'less than' : 'at most'} ${iss.maximum}`
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'unrecognized_keys':
      return UNKNOWN_KEY
    default:
      return 'is invalid'
  }
}

/** `["layers", 1, "rate"]` under `base` as `base.layers[1].rate`. */
function formatPath(keys: readonly PropertyKey[], base = ''): string {
  return keys.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)), base)
}

/**
 * zod's issues as sentences with paths: an unknown-keys issue becomes one issue per key, listed first
 * (a typo is usually the cause of what follows); each path keeps only its first problem, as one
 * sentence per field reads better than several about the same value; at most MAX_ISSUES, then a count.
 */
function toIssues(issues: readonly z.core.$ZodIssue[], base = ''): Issue[] {
  const unknown: Issue[] = []
  const rest: Issue[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.push({ path: formatPath([...issue.path, key], base), message: issue.message })
    } else rest.push({ path: formatPath(issue.path, base), message: issue.message })
  }
  const seen = new Set<string>()
  const all = [...unknown, ...rest].filter((i) => !seen.has(i.path) && seen.add(i.path))
  if (all.length <= MAX_ISSUES) return all
  return [...all.slice(0, MAX_ISSUES), { path: '', message: `and ${all.length - MAX_ISSUES} more problems` }]
}

/** Parses with the plain-words messages; `base` names the value in paths (e.g. an argument's name). */
export function parse<T>(schema: z.ZodMiniType<T>, value: unknown, base = ''): Checked<T> {
  const result = z.safeParse(schema, value, { error: plainMessage })
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error.issues, base) }
}

/** Wraps a zod schema for callers that check values (a root problem is shown at "(root)"). */
export function schema<T>(zod: z.ZodMiniType<T>): Schema<T> {
  return {
    check(value, path = '') {
      const checked = parse(zod, value, path)
      return checked.ok ? checked : { ok: false, issues: checked.issues.map((i) => (i.path ? i : { ...i, path: '(root)' })) }
    }
  }
}

export function formatIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ')
}
