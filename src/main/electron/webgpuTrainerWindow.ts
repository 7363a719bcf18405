/**
 * WebGPU jobs in the desktop app: each in a hidden window of its own (sandboxed, context-isolated,
 * no Node, a session of its own with a CSP that allows nothing remote and no permissions), loading
 * the built trainer page (src/trainer). Main gives the page one MessagePort once it has loaded; the
 * core's pageTrainer speaks the trainer protocol over it. A renderer crash fails the run; the
 * window is destroyed when the run ends.
 */
import { BrowserWindow, MessageChannelMain, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TRAINER_PORT_CHANNEL } from '../../shared/trainerWindow'
import { pageTrainerProcess, type PagePort, type TrainerPage } from '../core/training/pageTrainer'
import type { SpawnTrainer } from '../core/training/trainerProcess'
import { installContentSecurityPolicy, TRAINER_CSP } from './contentSecurity'
import { lockNavigation } from './window'

/** The trainer windows' own session, so their policy and permissions are not the studio window's. */
export const TRAINER_PARTITION = 'regstudio-trainer'

export interface TrainerWindowFiles {
  /** The trainer page's URL (the dev server's while developing, else the built file). */
  pageUrl: string
  preload: string
}

/** The built files beside out/main; the dev server's page under `electron-vite dev`. */
export function trainerWindowFiles(devServerUrl?: string): TrainerWindowFiles {
  return {
    pageUrl: devServerUrl ? new URL('trainer.html', devServerUrl.endsWith('/') ? devServerUrl : `${devServerUrl}/`).href : pathToFileURL(join(__dirname, '../renderer/trainer.html')).href,
    preload: join(__dirname, '../preload/trainer.js')
  }
}

function openTrainerWindow(files: TrainerWindowFiles): TrainerPage {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      preload: files.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      partition: TRAINER_PARTITION,
      // Hidden, yet it must train at full speed.
      backgroundThrottling: false
    }
  })
  lockNavigation(win.webContents)
  const goneListeners: ((detail: string) => void)[] = []
  const gone = (detail: string): void => goneListeners.forEach((l) => l(detail))
  win.webContents.on('render-process-gone', (_event, details: { reason: string; exitCode: number }) =>
    gone(`the WebGPU trainer window's renderer ${details.reason.replace(/-/g, ' ')} (exit code ${details.exitCode})`)
  )
  win.on('closed', () => gone('the WebGPU trainer window was closed'))

  const port = new Promise<PagePort>((resolve, reject) => {
    win.webContents.once('did-finish-load', () => {
      const { port1, port2 } = new MessageChannelMain()
      win.webContents.postMessage(TRAINER_PORT_CHANNEL, null, [port2])
      port1.start()
      resolve({ post: (message) => port1.postMessage(message), onMessage: (listener) => port1.on('message', (event) => listener(event.data)) })
    })
    win.webContents.once('did-fail-load', (_event, _code: number, description: string) => {
      const why = `the WebGPU trainer page did not load (${description})`
      reject(new Error(why))
      gone(why)
    })
  })
  port.catch(() => undefined)
  void win.loadURL(files.pageUrl).catch(() => undefined)
  return {
    port,
    onGone: (listener) => void goneListeners.push(listener),
    close: () => {
      if (!win.isDestroyed()) win.destroy()
    }
  }
}

export function webgpuTrainerSpawner(files: TrainerWindowFiles = trainerWindowFiles()): SpawnTrainer {
  let sessionReady = false
  return () => {
    if (!sessionReady) {
      const trainerSession = session.fromPartition(TRAINER_PARTITION)
      installContentSecurityPolicy(trainerSession, TRAINER_CSP)
      sessionReady = true
    }
    return pageTrainerProcess(openTrainerWindow(files))
  }
}
