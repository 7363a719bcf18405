/**
 * What a new user drops on the Data view by mistake, in Chromium against `regstudio serve`: an image
 * renamed .gz, a ZIP download, random bytes, an empty file, a file over the upload limit, a quoted
 * CSV with trailing commas. Each gets one line naming the file in the import error, nothing is
 * imported, and the view goes on working: good files dropped next are imported.
 */
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/main/core/util/rng'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'
import { tinyCsv } from './support/tinyDataset'

/** Drops files (bytes as base64) on the window the way a file manager does. */
async function drop(page: Page, files: { name: string; bytes: Buffer }[]): Promise<void> {
  await page.evaluate(
    (list) => {
      const transfer = new DataTransfer()
      for (const f of list) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name))
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true }
      window.dispatchEvent(new DragEvent('dragenter', init))
      document.body.dispatchEvent(new DragEvent('drop', init))
    },
    files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') }))
  )
}

function randomBytes(n: number, seed: number): Buffer {
  const rng = createRng(seed)
  return Buffer.from(Uint8Array.from({ length: n }, () => Math.floor(rng() * 256)))
}

/** The tiny CSV as a spreadsheet might save it: every value quoted, a comma at the end of each line, CRLF. */
function spreadsheetCsv(csv: Buffer): Buffer {
  const lines = csv.toString('latin1').trimEnd().split('\n')
  return Buffer.from(lines.map((l) => `${l.split(',').map((f) => `"${f}"`).join(',')},`).join('\r\n') + '\r\n', 'latin1')
}

describe('odd files dropped on the Data view', () => {
  const session = serveWithBrowser('drops', ['--max-upload-mb', '1'])

  it('names each bad file in one line, imports nothing, and then imports good files', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).waitFor({ timeout: 15_000 })
    const alert = page.locator('.import-error pre')

    const cases: [string, { name: string; bytes: Buffer }[], RegExp][] = [
      ['an image renamed .gz', [{ name: 'train-images-idx3-ubyte.gz', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000, 1)]) }], /^train-images-idx3-ubyte\.gz: byte offset 0: this is a PNG image, not a dataset file/],
      ['a ZIP download', [{ name: 'fashionmnist.zip', bytes: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(3000, 2)]) }], /^fashionmnist\.zip: byte offset 0: this is a ZIP archive, not a dataset file: extract the IDX or CSV files from it first$/],
      ['random bytes named .csv', [{ name: 'noise.csv', bytes: randomBytes(50_000, 3) }], /^noise\.csv: /],
      ['an empty file', [{ name: 'empty.csv', bytes: Buffer.alloc(0) }], /^empty\.csv: byte offset 0: empty file$/],
      ['a file over the upload limit', [{ name: 'huge.csv', bytes: Buffer.alloc(1.5 * 2 ** 20, 0x30) }], /^huge\.csv is larger than the upload limit of 1 MiB/],
      ['a lone training file', [{ name: 'fashion-mnist_train.csv', bytes: tinyCsv(2) }], /test/]
    ]
    for (const [label, files, expected] of cases) {
      await drop(page, files)
      await expect.poll(() => alert.textContent(), { timeout: 20_000, message: label }).toMatch(expected)
      expect((await alert.textContent())?.split('\n'), label).toHaveLength(1)
      await page.getByRole('button', { name: 'Dismiss' }).click()
      await alert.waitFor({ state: 'detached' })
    }
    // Nothing was imported by any of them.
    expect(await page.getByText('No dataset yet').isVisible()).toBe(true)

    // Spreadsheet-style CSV (quoted values, trailing commas, CRLF) next to a plain one: imported.
    await drop(page, [
      { name: 'tiny-train.csv', bytes: spreadsheetCsv(tinyCsv(2)) },
      { name: 'tiny-test.csv', bytes: tinyCsv(1, 5) }
    ])
    await expect.poll(() => page.getByTestId('train-count').textContent(), { timeout: 20_000 }).toBe('20')
    expect(await page.getByTestId('test-count').textContent()).toBe('10')
    // The refused upload answered 413: the only failed response, and no other page error.
    expect(errors.filter((e) => !/HTTP 413: .*\/upload/.test(e))).toEqual([])
    await page.close()
  })
})
