/**
 * The desktop app's lifecycle: one instance, a Studio on the user's data folder, the IPC bindings,
 * the menu and the window; on quit, runs are cancelled before the app exits.
 */
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PRELOAD_CHANNELS, type MenuCommand } from '../../shared/preloadApi'
import { Studio } from '../core/studio/studio'
import { defaultStudyConcurrency } from '../core/studio/runQueue'
import { forwardEvents } from '../ipc/forwardEvents'
import { createSenderGuard } from '../ipc/senderGuard'
import { setupIpc } from '../ipc/setupIpc'
import { installContentSecurityPolicy } from './contentSecurity'
import { chooseDatasetFiles, chooseSavePath } from './dialogs'
import { installMenu } from './menu'
import { PathAllowlist } from './pathAllowlist'
import { printHtmlToPdf } from './pdf'
import { utilityTrainerSpawner } from './trainerProcess'
import { webgpuTrainerSpawner, trainerWindowFiles } from './webgpuTrainerWindow'
import { createMainWindow } from './window'
import { probeProcessRunner } from '../core/robustness/robustnessProcess'
import { openConfiguredQueue } from '../core/settings/configuredQueue'
import { QUEUE_LANES } from '../core/queue/redisExecutor'
import { ladderExecutor } from '../core/studio/ladderExecutor'

/** How long quitting waits for running trainers to stop; a run cut short is marked interrupted at next start. */
const QUIT_GRACE_MS = 10_000

/** The dev server while developing (electron-vite dev), else the built renderer beside this file. */
export function rendererUrl(): string {
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  return devUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href
}

/**
 * The user's workspace and cache; a packaged app also has the bundled data's cache that
 * `npm run dist` built, among its resources (electron-builder.yml, extraResources).
 */
/** The app's settings (the queue URL), beside its workspace. */
export function settingsFile(userData: string): string {
  return join(userData, 'settings.json')
}

export function studioPaths(userData: string, resourcesDir?: string): { workspace: string; cacheDir: string; bundledDir?: string } {
  const paths = { workspace: join(userData, 'workspace'), cacheDir: join(userData, 'cache') }
  return resourcesDir === undefined ? paths : { ...paths, bundledDir: join(resourcesDir, 'bundled') }
}

async function start(): Promise<void> {
  const allowlist = new PathAllowlist()
  const settings = settingsFile(app.getPath('userData'))
  // The queue setting applies here, at start; one saved later waits for the next start.
  const queue = await openConfiguredQueue(settings, (line) => console.error(line))
  const lanes = queue.executor ? QUEUE_LANES : defaultStudyConcurrency()
  const studio = new Studio({
    ...studioPaths(app.getPath('userData'), app.isPackaged ? process.resourcesPath : undefined),
    // A queue's workers, or trainer processes and WebGPU windows for the webgpu rung (ladderExecutor.ts).
    executor:
      queue.executor ??
      ladderExecutor({
        process: utilityTrainerSpawner(),
        lanes,
        webgpu: webgpuTrainerSpawner(trainerWindowFiles(app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']))
      }),
    queueStatus: () => queue.status(),
    transport: 'ipc',
    version: app.getVersion(),
    pdf: true,
    allowPath: (path) => allowlist.has(path),
    concurrency: lanes,
    // The built probe entry, run by Electron's own binary acting as Node.
    runProbeJob: probeProcessRunner(join(__dirname, 'robustness.js'), { execArgv: [], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
  })
  await studio.init()

  let win: BrowserWindow | undefined
  const url = rendererUrl()
  installContentSecurityPolicy(session.defaultSession)
  setupIpc(
    { ipcMain, studio, isTrustedSender: createSenderGuard(() => win?.webContents, url) },
    {
      allowlist,
      chooseFiles: () => chooseDatasetFiles(win),
      chooseSavePath: (fileName) => chooseSavePath(win, fileName),
      printToPdf: printHtmlToPdf,
      settingsFile: settings
    }
  )
  installMenu((command: MenuCommand) => {
    if (win && !win.webContents.isDestroyed()) win.webContents.send(PRELOAD_CHANNELS.menu, command)
  })

  const openWindow = (): void => {
    const opened = createMainWindow(join(__dirname, '../preload/index.js'))
    const stopForwarding = forwardEvents(studio, opened.webContents)
    opened.on('closed', () => {
      stopForwarding()
      win = undefined
    })
    win = opened
    void opened.loadURL(url)
  }
  openWindow()

  app.on('activate', () => {
    if (!win) openWindow()
  })
  app.on('second-instance', () => {
    if (!win) return openWindow()
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    const grace = new Promise<void>((resolve) => setTimeout(resolve, QUIT_GRACE_MS))
    void Promise.race([studio.dispose().then(() => queue.executor?.close()), grace]).finally(() => app.quit())
  })
}

export function startDesktopApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.whenReady().then(start).catch((err: unknown) => {
    dialog.showErrorBox('Regularization Studio cannot start', err instanceof Error ? err.message : String(err))
    app.exit(1)
  })
}
