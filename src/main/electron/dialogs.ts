/** The native open and save dialogs, attached to the studio window. */
import { dialog, type BrowserWindow } from 'electron'
import { extname } from 'node:path'

export async function chooseDatasetFiles(win: BrowserWindow | undefined): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open dataset files',
    buttonLabel: 'Open',
    // No filter: official IDX files have names like train-images-idx3-ubyte, without extension.
    properties: ['openFile', 'multiSelections']
  }
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return result.canceled ? [] : result.filePaths
}

const FILTERS: Record<string, Electron.FileFilter> = {
  '.html': { name: 'HTML report', extensions: ['html'] },
  '.pdf': { name: 'PDF document', extensions: ['pdf'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.csv': { name: 'CSV', extensions: ['csv'] },
  '.onnx': { name: 'ONNX model', extensions: ['onnx'] },
  '.zip': { name: 'TF.js model (zip)', extensions: ['zip'] }
}

export async function chooseSavePath(win: BrowserWindow | undefined, fileName: string): Promise<string | null> {
  const filter = FILTERS[extname(fileName).toLowerCase()]
  const options: Electron.SaveDialogOptions = { defaultPath: fileName, filters: filter ? [filter] : [] }
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  return result.canceled || !result.filePath ? null : result.filePath
}
