/** Child process of readInChild.ts: argv = [cap bytes or '', ...files]; prints one JSON line. */
import { importFiles } from '../../../src/main/core/datasets/importFiles'
import { readDatasetFile } from '../../../src/main/core/datasets/readDatasetFile'

async function main(): Promise<void> {
  const [cap, ...files] = process.argv.slice(2)
  const opts = cap === '' ? {} : { maxDecompressedBytes: Number(cap) }
  const started = performance.now()
  let ok = true
  let message: string
  try {
    if (files.length === 1) {
      const parsed = await readDatasetFile(files[0], opts)
      message = `${parsed.kind}: ${parsed.kind === 'csv' ? parsed.set.count : parsed.count}`
    } else {
      const ds = await importFiles(files, opts)
      message = `train ${ds.train.count}, test ${ds.test.count}`
    }
  } catch (err) {
    ok = false
    message = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  }
  const ms = performance.now() - started
  process.stdout.write(`${JSON.stringify({ ok, message, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`)
}

void main()
