/**
 * Exporting a run's trained model: the desktop app asks main, which shows the save dialog and writes
 * the file; a browser gets the file from the serve host (runs.exportModel) and downloads it.
 */
import type { ModelExportFormat, StudioClient } from '../../../shared/api'
import type { DesktopBridge } from '../api/client'
import { saveBlob } from './download'

export const EXPORT_LABELS: Record<ModelExportFormat, string> = { onnx: 'ONNX', tfjs: 'TF.js (zip)' }

/** Where the model went ("Saved to …" / "Downloaded …"), or null when the user cancelled the dialog. */
export async function exportModel(client: StudioClient, bridge: Pick<DesktopBridge, 'exportModel'> | undefined, runId: string, format: ModelExportFormat): Promise<string | null> {
  if (typeof bridge?.exportModel === 'function') {
    const path = await bridge.exportModel(runId, format)
    return path === null ? null : `Saved to ${path}`
  }
  const file = await client.request('runs.exportModel', { runId, format })
  const binary = atob(file.content)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  saveBlob(file.fileName, new Blob([bytes], { type: file.mimeType }))
  return `Downloaded ${file.fileName}`
}
