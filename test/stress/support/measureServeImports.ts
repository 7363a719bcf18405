/**
 * Peak resident memory of `regstudio serve` while N clients upload and import a CSV gzip bomb at
 * once (docs/reliability.md). Usage:
 *   npx tsx test/stress/support/measureServeImports.ts [path/to/bin/regstudio.js] [clients, default 8]
 * Prints each import's answer and the server's peak resident memory (VmHWM, Linux).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { WebSocket } from 'ws'
import { tinyCsv } from '../../e2e/support/tinyDataset'

const BIN = process.argv[2] ?? join(__dirname, '../../../bin/regstudio.js')
const CLIENTS = Number(process.argv[3] ?? 8)
const BOMB_BYTES = 1.5 * 1024 * 1024

/** Gzip members of zero-pixel rows, concatenated (gunzip reads them as one stream) to about 1.5 MB. */
function csvBomb(): Buffer {
  const row = Buffer.from(`0${',0'.repeat(784)}\n`)
  const member = gzipSync(Buffer.concat(Array.from({ length: 10_000 }, () => row)), { level: 9 })
  return Buffer.concat(Array.from({ length: Math.ceil(BOMB_BYTES / member.length) }, () => member))
}

function upload(origin: string, token: string, name: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/upload?token=${token}`, { method: 'POST', headers: { origin, 'x-file-name': name, 'content-length': body.length } }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString()))
      res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(text) as { uploadId: string }).uploadId) : reject(new Error(`${res.statusCode} ${text}`))))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function importOnce(origin: string, token: string, uploadIds: string[], importId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${token}`, { origin })
    let waited = ''
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, name: 'datasets.importUploads', input: { uploadIds, importId } })))
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id?: number; response?: { ok: boolean; error?: { message: string } }; event?: { type: string; importId?: string; message?: string } }
      if (m.event?.type === 'dataset.progress' && m.event.importId === importId && m.event.message?.startsWith('waiting')) waited = ` (first ${m.event.message})`
      if (m.id !== 1 || !m.response) return
      ws.close()
      resolve((m.response.ok ? 'imported' : m.response.error?.message ?? 'failed') + waited)
    })
    ws.on('error', reject)
  })
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-mem-'))
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workspace', join(dir, 'ws'), '--max-upload-mb', '8'], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const url = await new Promise<URL>((resolve) => {
      let out = ''
      server.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        const m = /(http:\/\/\S+\?token=\S+)/.exec(out)
        if (m) resolve(new URL(m[1]))
      })
    })
    const token = url.searchParams.get('token') as string
    const bomb = csvBomb()
    const test = tinyCsv(2)
    const started = Date.now()
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const ids = [await upload(url.origin, token, `bomb${i}.csv.gz`, bomb), await upload(url.origin, token, `test${i}.csv`, test)]
        return importOnce(url.origin, token, ids, `import-${i}`)
      })
    )
    const status = await readFile(`/proc/${server.pid}/status`, 'utf8')
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024
    for (const [i, a] of answers.entries()) console.log(`client ${i}: ${a}`)
    console.log(`${CLIENTS} clients, bomb ${(bomb.length / 2 ** 20).toFixed(2)} MiB gzip; serve peak resident ${peak.toFixed(0)} MiB; ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
