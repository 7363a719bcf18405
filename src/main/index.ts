/** Electron entry: everything lives in electron/desktopApp.ts so it can be tested with a mocked electron. */
import { startDesktopApp } from './electron/desktopApp'

startDesktopApp()
