import { describe, expect, it } from 'vitest'
import { checkRunJobData, checkWorkerEvent, checkWorkerReturn, PAYLOAD_VERSION } from '../../../../../src/main/core/queue/jobPayload'
import { smallSpec } from '../../../../support/synthetic'

const job = { v: PAYLOAD_VERSION, workspace: 'b'.repeat(32), runId: '20250301-143015-123-9f3a1c', spec: smallSpec(), splitSeed: 42, backend: 'wasm', datasetFingerprint: 'a'.repeat(64) }
const worker = { host: 'gpu-box', pid: 123 }
const epoch = { epoch: 1, loss: 0.5, accuracy: 0.8, val_loss: 0.6, val_accuracy: 0.7, ms: 1000 }

describe('job payloads', () => {
  it('accepts a host job and refuses what no host of this version sends', () => {
    expect(checkRunJobData(job)).toMatchObject({ ok: true, value: { runId: job.runId, datasetFingerprint: job.datasetFingerprint } })
    expect(checkRunJobData({ ...job, v: PAYLOAD_VERSION + 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/version 3/) })
    expect(checkRunJobData({ ...job, workspace: 'x' })).toMatchObject({ ok: false, error: 'job data: workspace is not 32 hex digits' })
    expect(checkRunJobData({ ...job, runId: '../etc' })).toMatchObject({ ok: false })
    expect(checkRunJobData({ ...job, datasetFingerprint: 'xyz' })).toMatchObject({ ok: false })
    expect(checkRunJobData({ ...job, backend: 'gpu' })).toMatchObject({ ok: false })
    expect(checkRunJobData({ ...job, spec: { ...smallSpec(), epochs: -1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/^job data: spec/) })
    expect(checkRunJobData('nope')).toMatchObject({ ok: false })
  })

  it('checks worker events and results before they reach the run store', () => {
    expect(checkWorkerEvent({ kind: 'start', attempt: 'a1', worker }).ok).toBe(true)
    expect(checkWorkerEvent({ kind: 'epoch', attempt: 'a1', metrics: epoch }).ok).toBe(true)
    expect(checkWorkerEvent({ kind: 'epoch', attempt: 'a1', metrics: { ...epoch, loss: 'NaN' } }).ok).toBe(false)
    expect(checkWorkerEvent({ kind: 'shell', attempt: 'a1' }).ok).toBe(false)
    expect(checkWorkerReturn({ worker, status: 'cancelled', history: [epoch] }).ok).toBe(true)
    expect(checkWorkerReturn({ worker, status: 'failed', error: 'out of memory', history: [] }).ok).toBe(true)
    expect(checkWorkerReturn({ status: 'failed', error: 'x', history: [] }).ok).toBe(false)
    // A model file name that would leave the run's model folder is refused.
    const outcome = {
      history: [epoch], bestEpoch: 1, epochsRun: 1, stoppedEarly: false, cancelled: false, msPerStep: 10, seconds: 1,
      evaluation: { trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.6, testAccuracy: 0.7, confusion: [[1]], perClassAccuracy: [1], samples: [], misclassified: [], weights: [] }
    }
    const file = { name: 'model.json', bytes: 10, sha256: 'b'.repeat(64) }
    expect(checkWorkerReturn({ worker, status: 'finished', outcome, modelFiles: [file] }).ok).toBe(true)
    expect(checkWorkerReturn({ worker, status: 'finished', outcome, modelFiles: [{ ...file, name: '../../run.json' }] }).ok).toBe(false)
  })
})
