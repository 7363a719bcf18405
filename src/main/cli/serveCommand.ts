import { resolve } from 'node:path'
import { defaultStudyConcurrency } from '../core/studio/runQueue'
import { UserError } from '../../shared/errors'
import type { Command } from './command'
import { defaultCacheDir, DEFAULT_WORKSPACE } from '../core/paths'
import { DEFAULT_HOST, startServe, type ServeHandle } from '../serve/startServe'
import { TOKEN_PATTERN } from '../serve/access'
import { integerFlag, optionalString, parseArgs } from './args'
import { version } from '../../../package.json'

const DEFAULT_PORT = 8765
const DEFAULT_MAX_UPLOAD_MB = 1024
const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)

export const serveCommand: Command = {
  summary: 'serve the studio to a browser over HTTP + WebSocket (loopback, token-protected)',
  usage: [
    'Usage: regstudio serve [options]',
    '',
    'Serves the built renderer (out/renderer, made by `npm run build`) and the Studio API over a',
    'WebSocket, and prints the address to open, with its secret token, on stdout.',
    'For a remote machine, keep the default host and tunnel the port: ssh -L 8765:127.0.0.1:8765 HOST',
    'Ctrl-C (or SIGTERM) cancels running trainings, keeping their epochs, and stops.',
    '',
    'Options:',
    `  --port N            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
    `  --host H            address to listen on (default ${DEFAULT_HOST}; anything else is reachable from the network)`,
    '  --workspace DIR     where runs and datasets are stored (default ./regstudio-workspace)',
    '  --cache DIR         cache folder for the bundled data',
    '  --token T           the secret to require (default: 32 random bytes, hex); letters, digits and ._~- only',
    `  --max-upload-mb N   largest dataset file accepted, in MiB (default ${DEFAULT_MAX_UPLOAD_MB})`,
    `  --concurrency N     trainings at once, sharing the cores (default ${defaultStudyConcurrency()} here)`,
    '  --queue URL         train on `regstudio worker`s through Redis (redis://[:PASSWORD@]HOST:PORT, rediss:// for TLS)'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, {
      port: { type: 'number' },
      host: { type: 'string' },
      workspace: { type: 'string' },
      cache: { type: 'string' },
      token: { type: 'string' },
      'max-upload-mb': { type: 'number' },
      concurrency: { type: 'number' },
      queue: { type: 'string' }
    })
    if (args.positionals.length > 0) throw new UserError('usage', `unexpected argument "${args.positionals[0]}" (see --help)`)
    const port = integerFlag(args, 'port', 0) ?? DEFAULT_PORT
    if (port > 65535) throw new UserError('usage', `--port must be at most 65535, got ${port}`)
    const host = optionalString(args, 'host') ?? DEFAULT_HOST
    const token = optionalString(args, 'token')
    if (token !== undefined && !TOKEN_PATTERN.test(token)) {
      throw new UserError('usage', '--token must be 1 to 256 letters, digits or ._~- characters')
    }
    const maxUploadMb = integerFlag(args, 'max-upload-mb', 1) ?? DEFAULT_MAX_UPLOAD_MB
    const workspace = resolve(optionalString(args, 'workspace') ?? DEFAULT_WORKSPACE)

    if (!isLoopback(host)) {
      process.stderr.write(
        `warning: listening on ${host}, not loopback: anyone who can reach this address and learns the token controls the studio, over plain HTTP\n`
      )
    }
    if (token !== undefined && token.length < 32) process.stderr.write('warning: --token is short; a guessable token lets others drive the studio\n')

    // Signal handlers go in before the address is printed: a signal sent as soon as it is read must find them.
    let onSignal!: (signal: NodeJS.Signals) => void
    const signalled = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve))
    const stopListening = (): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    let server: ServeHandle
    try {
      server = await startServe({
        workspace,
        cacheDir: optionalString(args, 'cache') ?? defaultCacheDir(),
        host,
        port,
        token,
        maxUploadBytes: maxUploadMb * 2 ** 20,
        concurrency: integerFlag(args, 'concurrency', 1),
        queue: optionalString(args, 'queue'),
        onQueueLog: (line) => process.stderr.write(`${line}\n`),
        version
      })
    } catch (err) {
      stopListening()
      throw err
    }
    if (server.interrupted.length > 0) {
      process.stderr.write(`${server.interrupted.length} run(s) left running by a crash are now marked interrupted\n`)
    }
    if (server.resumed.length > 0) process.stderr.write(`following ${server.resumed.length} run(s) a crashed host left on the queue\n`)
    process.stderr.write(`regstudio serve: workspace ${workspace}; open the address below (Ctrl-C stops)\n`)
    process.stdout.write(`${server.url}\n`)

    const signal = await signalled
    // A second signal finds Node's default handler again and ends the process at once.
    stopListening()
    process.stderr.write(`\n${signal}: cancelling runs and stopping (again to quit now)\n`)
    await server.close()
    return 0
  }
}
