/**
 * A process racing for a workspace lock, driven over stdin: "take DIR" tries to take DIR's lock and
 * answers "won" or "refused: <message>" on stdout; it holds a won lock until "release".
 */
import { createInterface } from 'node:readline'
import { acquireWorkspaceLock, type WorkspaceLock } from '../../src/main/core/runs/workspaceLock'

let held: WorkspaceLock | undefined
createInterface({ input: process.stdin }).on('line', (line) => {
  void (async () => {
    if (line.startsWith('take ')) {
      try {
        held = await acquireWorkspaceLock(line.slice(5), 'racer')
        process.stdout.write('won\n')
      } catch (err) {
        process.stdout.write(`refused: ${(err as Error).message}\n`)
      }
    } else if (line === 'release') {
      await held?.release()
      held = undefined
      process.stdout.write('released\n')
    }
  })()
})
