/** A small argv parser: declared flags only, typed values, and one-line errors for anything else. */
import { UserError } from '../../shared/errors'

export type FlagType = 'boolean' | 'string' | 'number' | 'files'

export interface FlagSpec {
  type: FlagType
  /** For 'files': how many values the flag takes at most (at least one). */
  max?: number
  /** For 'string': the flag may be given several times; its values are kept in order, as a list. */
  repeatable?: boolean
}

export type ParsedValue = boolean | string | number | string[]

export interface ParsedArgs {
  flags: Record<string, ParsedValue>
  positionals: string[]
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags: Record<string, ParsedValue> = {}
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (!token.startsWith('--') || token === '--') {
      if (token !== '--') positionals.push(token)
      continue
    }
    const eq = token.indexOf('=')
    const name = token.slice(2, eq === -1 ? undefined : eq)
    const inline = eq === -1 ? undefined : token.slice(eq + 1)
    const flag = spec[name]
    if (!flag) throw new UserError('usage', `unknown option --${name} (see --help)`)
    if (flag.type === 'boolean') {
      if (inline !== undefined) throw new UserError('usage', `--${name} takes no value`)
      flags[name] = true
      continue
    }
    const values: string[] = inline !== undefined ? [inline] : []
    const max = flag.type === 'files' ? (flag.max ?? 1) : 1
    while (values.length < max && i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.push(argv[++i])
    if (values.length === 0) throw new UserError('usage', `--${name} needs a value`)
    if (flag.type === 'files') flags[name] = values
    else if (flag.type === 'string' && flag.repeatable) flags[name] = [...((flags[name] as string[] | undefined) ?? []), values[0]]
    else if (flag.type === 'number') {
      const n = Number(values[0])
      if (values[0].trim() === '' || !Number.isFinite(n)) {
        throw new UserError('usage', `--${name} needs a number, got "${values[0]}"`)
      }
      flags[name] = n
    } else flags[name] = values[0]
  }
  return { flags, positionals }
}

export function optionalNumber(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags[name]
  return typeof v === 'number' ? v : undefined
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name]
  return typeof v === 'string' ? v : undefined
}

/** Every value of a repeatable flag, in the order given; empty when it was not given. */
export function repeatedStrings(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name]
  return Array.isArray(v) ? v : []
}

export function optionalFiles(args: ParsedArgs, name: string): string[] | undefined {
  const v = args.flags[name]
  return Array.isArray(v) ? v : undefined
}

export function integerFlag(args: ParsedArgs, name: string, min: number, max?: number): number | undefined {
  const v = optionalNumber(args, name)
  if (v !== undefined && (!Number.isInteger(v) || v < min || (max !== undefined && v > max))) {
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`
    throw new UserError('usage', `--${name} must be a whole number ${range}, got ${v}`)
  }
  return v
}
