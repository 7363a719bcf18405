import { join, resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import { BACKEND_REQUESTS, type BackendRequest } from '../../shared/results'
import type { Command } from './command'
import { defaultCacheDir } from '../core/paths'
import { threadsPerTrainer } from '../core/studio/runQueue'
import { assertBackendInstalled } from '../core/training/backendAvailability'
import { startQueueWorker } from '../core/queue/queueWorker'
import { integerFlag, optionalString, parseArgs } from './args'

export const workerCommand: Command = {
  summary: 'train the runs that hosts (study, serve with --queue) put on a Redis queue',
  usage: [
    'Usage: regstudio worker --queue redis://HOST:PORT [options]',
    '',
    'Takes runs from the BullMQ queue on that Redis and trains each in a trainer process here, with the',
    'same trainer and backend ladder as a local run; progress, epochs, results and the trained model go',
    'back to the host that queued the run, which alone writes its workspace. A worker keeps only its',
    'dataset cache. If it dies mid-run, another worker starts that run again from its seed.',
    'Ctrl-C (or SIGTERM) finishes the runs in progress and stops; a second one quits at once (the runs',
    'then go to another worker).',
    '',
    'Options:',
    '  --queue URL          redis://[:PASSWORD@]HOST:PORT[/DB], or rediss:// for TLS (the password is never printed)',
    '  --concurrency N      runs trained at once (default 1)',
    '  --backend NAME       auto | tensorflow | wasm | cpu, for runs that ask for auto (default auto)',
    '  --threads N          threads of each trainer (default: the cores shared out over --concurrency)',
    '  --cache DIR          where fetched datasets are cached (default: the regstudio cache folder)',
    '  --lock-ms N          a worker silent this long loses its run to another (default 30000)',
    '  --stalled-ms N       how often to look for runs of silent workers (default 30000)'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      queue: { type: 'string' },
      concurrency: { type: 'number' },
      backend: { type: 'string' },
      threads: { type: 'number' },
      cache: { type: 'string' },
      'lock-ms': { type: 'number' },
      'stalled-ms': { type: 'number' }
    })
    if (args.positionals.length > 0) throw new UserError('usage', `unexpected argument "${args.positionals[0]}" (see --help)`)
    const url = optionalString(args, 'queue')
    if (!url) throw new UserError('usage', '--queue URL is needed, e.g. --queue redis://127.0.0.1:6379')
    const backend = (optionalString(args, 'backend') ?? 'auto') as BackendRequest
    if (!BACKEND_REQUESTS.includes(backend)) throw new UserError('usage', `--backend must be one of ${BACKEND_REQUESTS.join(', ')}, got "${backend}"`)
    assertBackendInstalled(backend)
    const concurrency = integerFlag(args, 'concurrency', 1, 64) ?? 1
    const threads = integerFlag(args, 'threads', 1, 64) ?? threadsPerTrainer(concurrency)
    const cacheDir = join(resolve(optionalString(args, 'cache') ?? defaultCacheDir()), 'worker-datasets')
    const log = (line: string): boolean => process.stderr.write(`${line}\n`)

    const worker = await startQueueWorker({
      url,
      concurrency,
      backend,
      threads,
      cacheDir,
      lockDurationMs: integerFlag(args, 'lock-ms', 100),
      stalledIntervalMs: integerFlag(args, 'stalled-ms', 100),
      onLog: log
    })
    log(
      `regstudio worker ${worker.identity.host}:${worker.identity.pid}: waiting for runs on ${worker.where} ` +
        `(concurrency ${concurrency}, backend ${backend}, ${threads} thread${threads > 1 ? 's' : ''} each; Ctrl-C stops)`
    )
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    // A second signal quits at once; the runs in progress stall and another worker takes them over.
    const quitNow = (): never => process.exit(130)
    process.once('SIGINT', quitNow)
    process.once('SIGTERM', quitNow)
    log(`${signal}: finishing the runs in progress, then stopping (again to quit now)`)
    await worker.close()
    const stats = worker.stats()
    log(`stopped after ${stats.jobs} run(s); datasets fetched: ${stats.datasetFetches} (${stats.datasetBytesFetched} bytes)`)
    return 0
  }
}
