import { describe, expect, it } from 'vitest'
import type { DatasetInfo, RequestInput, RequestName, StudioClient } from '../../../../src/shared/api'
import type { UploadResult } from '../../../../src/shared/wsProtocol'
import { DatasetImport, MAX_IMPORT_FILES, type ImportDeps } from '../../../../src/renderer/src/state/datasetImport.svelte'
import { numberedClassNames } from '../../../../src/shared/classNames'

const INFO: DatasetInfo = {
  id: 'ds-1',
  importedAt: '2026-01-01T00:00:00.000Z',
  summary: {
    source: { kind: 'csv', description: 'tiny', files: [] },
    fingerprint: 'f'.repeat(64),
    train: { count: 20, perClass: Array(10).fill(2) },
    test: { count: 10, perClass: Array(10).fill(1) },
    classNames: numberedClassNames(10),
    warnings: []
  }
}

type Call = { name: RequestName; input: unknown }

/** Records the requests; answers with INFO, or fails with the host's message. */
function recordingClient(failWith?: string): StudioClient & { calls: Call[] } {
  const calls: Call[] = []
  return {
    calls,
    async request<N extends RequestName>(name: N, input: RequestInput<N>) {
      calls.push({ name, input })
      if (failWith) throw new Error(failWith)
      return INFO as never
    },
    onEvent: () => () => {}
  }
}

function setup(overrides: Partial<ImportDeps> = {}) {
  const imported: DatasetInfo[] = []
  const uploaded: string[][] = []
  const client = (overrides.client ?? recordingClient()) as ReturnType<typeof recordingClient>
  const importer = new DatasetImport({
    client,
    upload: async (files): Promise<UploadResult[]> => {
      uploaded.push(files.map((f) => f.name))
      return files.map((f, i) => ({ uploadId: `u${i}`, fileName: f.name, bytes: f.size }))
    },
    onImported: (info) => imported.push(info),
    ...overrides
  })
  return { importer, client, imported, uploaded }
}

const files = (...names: string[]) => names.map((n) => new File(['0'], n))

describe('DatasetImport', () => {
  it('in the browser uploads the files, then imports the uploads', async () => {
    const { importer, client, imported, uploaded } = setup()
    await importer.importFiles(files('train.csv', 'test.csv'))
    expect(uploaded).toEqual([['train.csv', 'test.csv']])
    expect(client.calls).toEqual([{ name: 'datasets.importUploads', input: { uploadIds: ['u0', 'u1'], importId: expect.stringMatching(/^import-/) } }])
    expect(imported).toEqual([INFO])
    expect(importer.busy).toBe(false)
    expect(importer.error).toBeNull()
    expect(importer.fileNames).toEqual(['train.csv', 'test.csv'])
  })

  it('in the desktop app imports the paths the bridge vouches for', async () => {
    const { importer, client, uploaded } = setup({
      bridge: { allowDroppedFiles: async (fs) => fs.map((f) => `/home/me/${f.name}`), openFilesDialog: async () => [] }
    })
    expect(importer.desktop).toBe(true)
    await importer.importFiles(files('a.gz'))
    expect(uploaded).toEqual([])
    expect(client.calls).toEqual([{ name: 'datasets.importFiles', input: { paths: ['/home/me/a.gz'], importId: expect.stringMatching(/^import-/) } }])
  })

  it('does nothing when the dialog is cancelled and imports what it returns otherwise', async () => {
    let answer: string[] = []
    const { importer, client } = setup({ bridge: { allowDroppedFiles: async () => [], openFilesDialog: async () => answer } })
    await importer.pickWithDialog()
    expect(client.calls).toEqual([])
    answer = ['C:\\data\\train-images-idx3-ubyte.gz']
    await importer.pickWithDialog()
    expect(client.calls).toEqual([{ name: 'datasets.importFiles', input: { paths: answer, importId: expect.stringMatching(/^import-/) } }])
    expect(importer.fileNames).toEqual(['train-images-idx3-ubyte.gz'])
  })

  it('refuses too many files before sending anything', async () => {
    const { importer, client, uploaded } = setup()
    await importer.importFiles(files(...Array.from({ length: MAX_IMPORT_FILES + 1 }, (_, i) => `f${i}.csv`)))
    expect(importer.error).toMatch(/at most 8 files at a time \(got 9\)/)
    expect(uploaded).toEqual([])
    expect(client.calls).toEqual([])
  })

  it('keeps the host message verbatim and clears it on the next attempt', async () => {
    const message = 'bad.csv: line 3, column 2: pixel 999 outside 0..255'
    const { importer, imported } = setup({ client: recordingClient(message) })
    await importer.useBundled()
    expect(importer.error).toBe(message)
    expect(imported).toEqual([])
    importer.dismissError()
    expect(importer.error).toBeNull()
  })

  it('ignores a second import while one is running', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const client = recordingClient()
    const slow: StudioClient = { ...client, request: async (name, input) => (await gate, client.request(name, input)) }
    const { importer } = setup({ client: slow as typeof client })
    const first = importer.useBundled()
    expect(importer.busy).toBe(true)
    await importer.useBundled()
    release()
    await first
    expect(client.calls).toHaveLength(1)
  })

  it('cancels an upload in progress: the upload is aborted, the host told, and no error shown', async () => {
    const client = recordingClient()
    let aborted = false
    const { importer, imported } = setup({
      client,
      upload: (_, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true
            reject(new Error('The user aborted a request.'))
          })
        )
    })
    const importing = importer.importFiles(files('train.csv', 'test.csv'))
    expect(importer.busy).toBe(true)
    await importer.cancel()
    await importing
    expect(aborted).toBe(true)
    expect(client.calls).toEqual([{ name: 'datasets.cancelImport', input: { importId: expect.stringMatching(/^import-/) } }])
    expect(importer).toMatchObject({ busy: false, error: null, notice: 'Import cancelled.' })
    expect(imported).toEqual([])
  })

  it('sends no import when the cancel comes while the desktop bridge is still vouching for the files', async () => {
    const client = recordingClient()
    let vouch: (paths: string[]) => void = () => {}
    const { importer, imported } = setup({
      client,
      bridge: { allowDroppedFiles: () => new Promise((r) => (vouch = r)), openFilesDialog: async () => [] }
    })
    const importing = importer.importFiles(files('train.csv', 'test.csv'))
    await importer.cancel()
    vouch(['/home/me/train.csv', '/home/me/test.csv'])
    await importing
    expect(client.calls.map((c) => c.name)).toEqual(['datasets.cancelImport'])
    expect(importer.notice).toBe('Import cancelled.')
    expect(imported).toEqual([])
  })

  it('shows the host saying the import was cancelled as a notice, not an error', async () => {
    const client = recordingClient()
    const cancelled: StudioClient = {
      ...client,
      request: async () => {
        throw Object.assign(new Error('the import was cancelled'), { code: 'cancelled' })
      }
    }
    const { importer } = setup({ client: cancelled as typeof client })
    await importer.useBundled()
    expect(importer).toMatchObject({ error: null, notice: 'Import cancelled.' })
  })

  it('refuses a dropped folder by name, sending nothing', async () => {
    const { importer, client, uploaded } = setup()
    await importer.importFiles(files('fashion-mnist', 'train.csv'), ['fashion-mnist'])
    expect(importer.error).toBe('fashion-mnist: is a folder, not a data file: drop the dataset files inside it (IDX or CSV), not the folder.')
    expect(uploaded).toEqual([])
    expect(client.calls).toEqual([])
    expect(importer.busy).toBe(false)
  })
})
