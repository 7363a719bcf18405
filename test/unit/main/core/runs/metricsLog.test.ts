import { execFileSync } from 'node:child_process'
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendMetrics, readMetrics, repairMetrics } from '../../../../../src/main/core/runs/metricsLog'
import type { EpochMetrics } from '../../../../../src/shared/results'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-metrics-'))
  file = join(dir, 'metrics.jsonl')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const epoch = (n: number): EpochMetrics => ({ epoch: n, loss: 1 / n, accuracy: 0.5 + n / 100, val_loss: 1.1 / n, val_accuracy: 0.5, ms: 1000 + n })

describe('metrics.jsonl', () => {
  it('appends one line per epoch and reads them back', async () => {
    for (let n = 1; n <= 3; n++) await appendMetrics(file, epoch(n))
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4)
    expect(await readMetrics(file)).toEqual({ history: [epoch(1), epoch(2), epoch(3)], tail: 'none', cleanBytes: expect.any(Number) })
  })

  it('reads a missing file as an empty history', async () => {
    expect(await readMetrics(file)).toEqual({ history: [], tail: 'none', cleanBytes: 0 })
  })

  it('reads null (how JSON stores NaN) back as NaN for a diverged run', async () => {
    await appendMetrics(file, { epoch: 1, loss: NaN, accuracy: 0.1, val_loss: NaN, ms: 5 })
    const [m] = (await readMetrics(file)).history
    expect(m.loss).toBeNaN()
    expect(m.val_loss).toBeNaN()
    expect(m.accuracy).toBe(0.1)
  })

  it('ignores a torn last line, and repair cuts it so appends continue cleanly', async () => {
    await appendMetrics(file, epoch(1))
    await appendFile(file, '{"epoch":2,"loss":0.4,"acc')
    expect((await readMetrics(file)).history).toEqual([epoch(1)])
    expect((await readMetrics(file)).tail).toBe('torn')
    expect(await repairMetrics(file)).toEqual([epoch(1)])
    await appendMetrics(file, epoch(2))
    expect(await readMetrics(file)).toMatchObject({ history: [epoch(1), epoch(2)], tail: 'none' })
  })

  it('keeps a complete last line that only lacks its newline, and repair adds the newline', async () => {
    await writeFile(file, `${JSON.stringify(epoch(1))}\n${JSON.stringify(epoch(2))}`)
    expect(await readMetrics(file)).toMatchObject({ history: [epoch(1), epoch(2)], tail: 'complete' })
    await repairMetrics(file)
    await appendMetrics(file, epoch(3))
    expect((await readMetrics(file)).history).toEqual([epoch(1), epoch(2), epoch(3)])
  })

  it.each([
    ['not JSON', 'garbage'],
    ['a record without loss', '{"epoch":2,"accuracy":0.5,"ms":3}'],
    ['epoch 0', '{"epoch":0,"loss":1,"accuracy":0.5,"ms":3}'],
    ['a string val_loss', '{"epoch":2,"loss":1,"accuracy":0.5,"val_loss":"1","ms":3}']
  ])('reports a bad line before the last (%s) as damage naming file and line', async (_, line) => {
    await writeFile(file, `${JSON.stringify(epoch(1))}\n${line}\n${JSON.stringify(epoch(3))}\n`)
    await expect(readMetrics(file)).rejects.toMatchObject({ code: 'RUN_DAMAGED', message: `${file}: line 2 is not a valid epoch record` })
  })

  it('on a full disk, an epoch is stored whole or not at all, and the log stays readable (real tmpfs)', async (ctx) => {
    const mnt = join(dir, 'mnt')
    await mkdir(mnt)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { stdio: 'ignore' })
    } catch {
      ctx.skip(true, 'cannot mount a tmpfs here (needs root)')
    }
    try {
      const log = join(mnt, 'metrics.jsonl')
      await appendMetrics(log, epoch(1))
      // Fill every free byte: later records fit only in the slack of the log's last page, then not at all.
      const filler = join(mnt, 'filler.bin')
      for (const step of [4096, 64, 1]) {
        for (;;) {
          try {
            await writeFile(filler, Buffer.alloc(step, 1), { flag: 'a' })
          } catch {
            break
          }
        }
      }
      const stored = [epoch(1)]
      let refusal: unknown
      for (let n = 2; n < 200 && refusal === undefined; n++) {
        const before = (await stat(log)).size
        try {
          await appendMetrics(log, epoch(n))
          stored.push(epoch(n))
        } catch (err) {
          refusal = err
          expect((await stat(log)).size, 'a refused epoch leaves no partial line').toBe(before)
        }
      }
      expect(String(refusal)).toMatch(/no space left on the device/)
      // Room again: the next epoch follows the stored ones, none of them damaged.
      await rm(filler)
      await appendMetrics(log, epoch(stored.length + 1))
      expect((await readMetrics(log)).history).toEqual([...stored, epoch(stored.length + 1)])
    } finally {
      execFileSync('umount', ['-l', mnt])
    }
  })
})
