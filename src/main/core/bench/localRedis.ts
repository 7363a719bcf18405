/**
 * A throwaway redis-server for the queue benchmark and the tests: a free loopback port, a temporary
 * folder, no persistence, stopped and removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface LocalRedis {
  url: string
  port: number
  /** Stops the server (SIGTERM, then SIGKILL) and removes its folder. */
  stop(): Promise<void>
}

export const REDIS_SERVER = process.env.REGSTUDIO_REDIS_SERVER ?? 'redis-server'

export async function startLocalRedis(opts: { password?: string } = {}): Promise<LocalRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-redis-'))
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  if (opts.password) args.push('--requirepass', opts.password)
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await waitForPort(port, child, () => stderr)
  } catch (err) {
    child.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : ''
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(killer)
      }
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A port nobody listens on right now (a small race with other processes is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited at start: ${stderr().trim()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within 10 s`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
