import { cpus } from 'node:os'
import type { Command } from '../cli'
import { UserError } from '../../shared/errors'
import { benchImports } from '../core/bench/importBench'
import { runStepBench, type StepTiming } from '../core/bench/stepBench'
import { defaultCacheDir } from '../core/paths'
import type { BackendRequest } from '../../shared/results'
import { optionalString, parseArgs, integerFlag } from './args'

const ALL: BackendRequest[] = ['tensorflow', 'wasm', 'cpu']
/** Steps per timed sample: enough for a stable median, few enough that the pure-JS backend finishes. */
const STEPS: Record<string, number> = { tensorflow: 20, wasm: 10, cpu: 2 }

export const benchCommand: Command = {
  summary: 'measure training speed per backend and dataset import times; prints JSON',
  usage: [
    'Usage: regstudio bench [--backend NAME] [--batch 32,128,512] [--repeats N] [--no-imports] [--cache DIR]',
    '',
    'Trains the seed network (784-512-512-10, RMSprop) on synthetic data in a separate process per backend',
    'and prints ms per step, samples/s and effective GFLOP/s (median of the timed samples after a warm-up),',
    'then times the imports of a 60k-image IDX gz, a 60k-row CSV and the bundled cache. Output: JSON on stdout.',
    '',
    'Options:',
    '  --backend NAME   tensorflow | wasm | cpu (default: every one that loads)',
    '  --batch LIST     batch sizes (default 32,128,512)',
    '  --repeats N      timed samples per figure (default 5)',
    '  --no-imports     skip the import timings'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      backend: { type: 'string' },
      batch: { type: 'string' },
      repeats: { type: 'number' },
      'no-imports': { type: 'boolean' },
      cache: { type: 'string' }
    })
    const requested = optionalString(args, 'backend')
    if (requested && !ALL.includes(requested as BackendRequest)) {
      throw new UserError('usage', `--backend must be one of ${ALL.join(', ')}, got "${requested}"`)
    }
    const batchSizes = (optionalString(args, 'batch') ?? '32,128,512').split(',').map((b) => Number(b.trim()))
    if (batchSizes.some((b) => !Number.isInteger(b) || b < 1)) throw new UserError('usage', '--batch takes whole numbers, e.g. 32,128,512')
    const repeats = integerFlag(args, 'repeats', 1) ?? 5

    const results: StepTiming[] = []
    const trainerPeakRssMB: Record<string, number> = {}
    const unavailable: { backend: string; reason: string }[] = []
    for (const backend of requested ? [requested as BackendRequest] : ALL) {
      process.stderr.write(`bench: ${backend}...\n`)
      try {
        const r = await runStepBench({ backend, batchSizes, steps: STEPS[backend], repeats })
        results.push(...r.results)
        trainerPeakRssMB[backend] = r.peakRssMB
      } catch (err) {
        unavailable.push({ backend, reason: err instanceof Error ? err.message : String(err) })
      }
    }
    const output: Record<string, unknown> = { results, unavailable }
    if (args.flags['no-imports'] !== true) {
      process.stderr.write('bench: imports...\n')
      output.imports = await benchImports(optionalString(args, 'cache') ?? defaultCacheDir())
    }
    output.peakRssMB = { host: Math.round(process.resourceUsage().maxRSS / 1024), trainers: trainerPeakRssMB }
    output.machine = { cpus: cpus().length, node: process.version, platform: process.platform }
    process.stdout.write(JSON.stringify(output, null, 2) + '\n')
    return 0
  }
}
