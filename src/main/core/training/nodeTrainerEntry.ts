/**
 * The trainer's entry under child_process.fork (CLI and browser mode). A forked child outlives a
 * host that is killed or crashes; this one stops as soon as its IPC channel to the host closes,
 * rather than training on for nobody, holding the cores a restarted host needs. (Electron's utility
 * processes end with the app, so its build starts worker.ts directly.)
 */
import './worker'

process.on('disconnect', () => process.exit(1))
