import { resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import { QUICK_TRY } from '../../shared/presets'
import type { Command } from './command'
import { formatTable } from '../core/reports/table'
import { formatSweeps } from '../core/reports/sweepSection'
import { prepareOutDir, writeStudyOutputs } from '../core/reports/writeStudyOutputs'
import { defaultCacheDir, DEFAULT_WORKSPACE } from '../core/paths'
import type { DatasetRequest } from '../core/datasets/loadDataset'
import { withHeadlessStudio } from '../core/studio/headlessStudio'
import { defaultStudyConcurrency } from '../core/studio/runQueue'
import { presetDefaults, runStudy, studySpecs } from '../core/studio/runStudy'
import { openRedisExecutor, QUEUE_LANES } from '../core/queue/redisExecutor'
import { BACKEND_REQUESTS, type BackendRequest } from '../../shared/results'
import { assertBackendInstalled } from '../core/training/backendAvailability'
import { integerFlag, optionalFiles, optionalNumber, optionalString, parseArgs, repeatedStrings } from './args'
import { progressBoard } from './progressBoard'
import { probeReportedRuns } from './robustnessRows'
import { formatDuration, formatPercent, plural } from '../../shared/format'
import { DEFAULT_SEED, MAX_REPEATS } from '../../shared/defaults'
import { estimateWords } from '../../shared/estimateWords'


export const studyCommand: Command = {
  summary: 'train the variants of a preset (default: the five-variant regularization study) and compare them',
  usage: [
    'Usage: regstudio study [options]',
    '',
    'Trains each variant of the preset in a trainer process on one dataset with one frozen validation split,',
    'prints a comparison table on stdout and progress on stderr. Ctrl-C cancels after the current batch.',
    '',
    'Options:',
    '  --preset NAME        seed (default): baseline, dropout, l2, l1, earlystopping;',
    '                       sweep: which regularizer, at its best strength? (baseline and L2, L1 and',
    '                       dropout-rate sweeps, 3 repeats, 20,000 training images, 10 epochs)',
    '  --variants a,b,...   train only these variants (with --sweep: these beside the sweeps)',
    "  --sweep SPEC         sweep one parameter of a variant, e.g. 'l2:l2=1e-5,1e-4,1e-3' or",
    "                       'dropout:rate=0.1..0.5 x5' (log spacing for l1/l2); params l2, l1, rate,",
    '                       patience, epochs; repeatable. The best value is chosen on validation accuracy',
    '  --train FILE [FILE]  training data: one CSV, or an IDX images + labels pair',
    '  --test FILE [FILE]   test data, the same way (needed with --train)',
    '  --data DIR           a folder with a dataset under the standard MNIST-family file names (IDX, or',
    '                       Kaggle CSV), and its classes.txt or classes.json if it has one',
    '                       (default data: the bundled Fashion-MNIST)',
    '  --classes FILE       class names: classes.txt (one per line) or classes.json (an array), one per',
    '                       label 0..K-1 (default: the one in --data DIR, else the recognised dataset\'s',
    '                       names, else 0..K-1); wins over a classes file in --data DIR',
    '  --epochs N           epochs for every variant (default: each variant\'s own)',
    '  --train-limit N      train on a stratified subset of N training examples',
    '  --test-limit N       evaluate on a stratified subset of N test examples',
    '  --val-split F        share of the training data held out for validation (default 0.1)',
    '  --backend NAME       auto | tensorflow | wasm | cpu (default auto: GPU, native CPU, wasm, cpu)',
    `  --concurrency N      variants trained at once, sharing the cores (default ${defaultStudyConcurrency()} here)`,
    `  --seed N             seed for weights, shuffling and splits (default ${DEFAULT_SEED})`,
    '  --repeats N          train each variant N times with seeds S, S+1, ... (S from --seed; default 1, at most 100)',
    '  --workspace DIR      where runs are stored (default ./regstudio-workspace)',
    '  --out DIR            write summary.json, metrics.csv and report.html there',
    `  --quick              small slices and few epochs (${QUICK_TRY.trainLimit} train, ${QUICK_TRY.testLimit} test, ${QUICK_TRY.epochs} epochs)`,
    '  --cache DIR          cache folder for the bundled data',
    '  --robustness         then measure test accuracy under noise, shifts, occlusion and contrast loss',
    '                       (a table, and "robustness" in summary.json; cached in each run\'s folder)',
    '  --queue URL          train on `regstudio worker`s through Redis (redis://[:PASSWORD@]HOST:PORT, rediss:// for TLS)',
    '                       instead of here; --concurrency then caps the runs queued at once (default: all)'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      preset: { type: 'string' },
      variants: { type: 'string' },
      sweep: { type: 'string', repeatable: true },
      train: { type: 'files', max: 2 },
      test: { type: 'files', max: 2 },
      data: { type: 'string' },
      classes: { type: 'string' },
      epochs: { type: 'number' },
      'train-limit': { type: 'number' },
      'test-limit': { type: 'number' },
      'val-split': { type: 'number' },
      backend: { type: 'string' },
      concurrency: { type: 'number' },
      seed: { type: 'number' },
      repeats: { type: 'number' },
      workspace: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean' },
      cache: { type: 'string' },
      robustness: { type: 'boolean' },
      queue: { type: 'string' }
    })
    if (args.positionals.length > 0) throw new UserError('usage', `unexpected argument "${args.positionals[0]}" (see --help)`)
    const backend = (optionalString(args, 'backend') ?? 'auto') as BackendRequest
    if (!BACKEND_REQUESTS.includes(backend)) {
      throw new UserError('usage', `--backend must be one of ${BACKEND_REQUESTS.join(', ')}, got "${backend}"`)
    }
    assertBackendInstalled(backend)
    const valSplit = optionalNumber(args, 'val-split')
    if (valSplit !== undefined && !(valSplit >= 0 && valSplit <= 0.9)) {
      throw new UserError('usage', `--val-split must be between 0 and 0.9, got ${valSplit}`)
    }
    const quick = args.flags.quick === true
    const out = optionalString(args, 'out')
    const outDir = out ? resolve(out) : undefined
    const dataset = datasetRequest(optionalFiles(args, 'train'), optionalFiles(args, 'test'), optionalString(args, 'data'))
    // A folder that cannot be written is refused now, not after minutes of training.
    if (outDir) await prepareOutDir(outDir)

    const workspace = resolve(optionalString(args, 'workspace') ?? DEFAULT_WORKSPACE)
    const preset = optionalString(args, 'preset') ?? 'seed'
    const defaults = presetDefaults(preset)
    const variants = optionalString(args, 'variants')?.split(',').map((v) => v.trim()).filter(Boolean)
    const sweeps = repeatedStrings(args, 'sweep')
    const epochs = integerFlag(args, 'epochs', 1) ?? (quick ? QUICK_TRY.epochs : defaults.epochs)
    const trainLimit = integerFlag(args, 'train-limit', 10) ?? (quick ? QUICK_TRY.trainLimit : defaults.trainLimit)
    const testLimit = integerFlag(args, 'test-limit', 10) ?? (quick ? QUICK_TRY.testLimit : undefined)
    const concurrency = integerFlag(args, 'concurrency', 1)
    const seed = integerFlag(args, 'seed', 0) ?? DEFAULT_SEED
    const repeats = integerFlag(args, 'repeats', 1, MAX_REPEATS) ?? defaults.repeats ?? 1
    // Bad variants and sweeps are refused now, before any data is loaded.
    studySpecs({ preset, variants, sweeps, epochs, valSplit, seed })

    const queueUrl = optionalString(args, 'queue')
    // Checked before anything is loaded or trained: an unreachable Redis is one line and exit 2.
    const remote = queueUrl ? await openRedisExecutor(queueUrl, { onLog: (line) => process.stderr.write(`${line}\n`) }) : undefined
    if (remote) process.stderr.write(`runs go to the workers of the queue on ${remote.where}\n`)

    const controller = new AbortController()
    const onSigint = (): void => {
      if (controller.signal.aborted) process.exit(130)
      process.stderr.write('\ncancelling after the current batch (Ctrl-C again to quit now)\n')
      controller.abort()
    }
    process.on('SIGINT', onSigint)

    const progress = progressBoard({ intervalMs: 500, plainIntervalMs: 10_000 })
    // One host per workspace: a study beside a running `serve` would mark that host's runs interrupted.
    const hostOptions = {
      workspace,
      cacheDir: optionalString(args, 'cache') ?? defaultCacheDir(),
      hostName: 'regstudio study',
      concurrency: concurrency ?? (remote ? QUEUE_LANES : undefined),
      executor: remote,
      queueStatus: remote ? () => remote.status() : undefined,
      onInterrupted: (ids: string[]) =>
        process.stderr.write(`marked ${ids.length} run(s) an earlier host left running as interrupted: ${ids.join(', ')}\n`),
      onResumed: (ids: string[]) =>
        process.stderr.write(`following ${ids.length} run(s) an earlier host left on the queue (waited for before exit): ${ids.join(', ')}\n`)
    }
    try {
      const { summary, samplesPixels, failures } = await withHeadlessStudio(hostOptions, (studio) =>
        runStudy(studio, {
          preset,
          variants,
          sweeps,
          dataset,
          classNamesFile: optionalString(args, 'classes'),
          epochs,
          trainLimit,
          testLimit,
          valSplit,
          backend,
          seed,
          repeats,
          cacheDir: hostOptions.cacheDir,
          signal: controller.signal,
          onDatasetProgress: (message, done, total) => progress.set('dataset', message, done, total),
          onDataset: (s) => {
            progress.clear('dataset')
            progress.log(`dataset: ${s.source.description}; train ${s.train.count}, test ${s.test.count}; fingerprint ${s.fingerprint.slice(0, 12)}`)
          },
          onPlan: (plan) => progress.log(`study: ${plural(plan.runs, 'run')}, ${estimateWords(plan)}`),
          onRunEvent: (event, name) => {
            switch (event.type) {
              case 'run.started':
                progress.log(`${name}: backend ${event.backend.name} (${event.backend.reason})`)
                break
              case 'run.progress': {
                const p = event.progress
                progress.set(
                  name,
                  `${name}: epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${formatPercent(p.accuracy)} ` +
                    `${p.msPerStep.toFixed(1)} ms/step ETA ${formatDuration(p.etaMs)}`
                )
                break
              }
              case 'run.epoch': {
                const m = event.metrics
                const val = m.val_loss !== undefined ? ` val_loss ${m.val_loss.toFixed(4)} val_acc ${formatPercent(m.val_accuracy)}` : ''
                progress.log(`${name}: epoch ${m.epoch} loss ${m.loss.toFixed(4)} acc ${formatPercent(m.accuracy)}${val} (${(m.ms / 1000).toFixed(1)} s)`)
                break
              }
              case 'run.finished':
                progress.clear(name)
                break
              case 'run.failed':
                progress.clear(name)
                progress.log(`${name}: failed: ${event.error}`)
                break
              case 'run.cancelled':
                progress.clear(name)
                progress.log(`${name}: cancelled`)
                break
              default:
                break
            }
          }
        })
      )
      progress.close()
      if (summary.models.length > 0) process.stdout.write(formatTable(summary) + '\n')
      const sweepLines = formatSweeps(summary.sweeps ?? [], summary.comparisons ?? [])
      if (sweepLines) process.stdout.write(sweepLines + '\n')
      const robustness = args.flags.robustness === true && !controller.signal.aborted ? await probeReportedRuns(workspace, summary, backend) : undefined
      if (outDir) {
        const files = await writeStudyOutputs(outDir, summary, { samplesPixels, robustness })
        process.stderr.write(`wrote ${files.summaryJson}, ${files.metricsCsv}, ${files.finalMetricsCsv}, ${files.resultsCsv}, ${files.reportHtml}\n`)
      }
      if (controller.signal.aborted) return 130
      if (failures.length > 0) {
        process.stderr.write(`regstudio study: ${failures.length} variant(s) failed: ${failures.map((f) => `${f.name} (${f.error})`).join('; ')}\n`)
        return 1
      }
      return 0
    } finally {
      progress.close()
      process.off('SIGINT', onSigint)
      await remote?.close()
    }
  }
}

function datasetRequest(train: string[] | undefined, test: string[] | undefined, dir: string | undefined): DatasetRequest {
  if ((train || test) && dir) throw new UserError('usage', 'give --train/--test or --data, not both')
  if (train || test) {
    if (!train || !test) throw new UserError('usage', '--train and --test go together')
    return { kind: 'splits', train: train.map((f) => resolve(f)), test: test.map((f) => resolve(f)) }
  }
  if (dir) return { kind: 'dir', dir: resolve(dir) }
  return { kind: 'bundled' }
}
