import { describe, expect, it } from 'vitest'
import { runCli } from '../../../e2e/support/serveProcess'

describe('regstudio serve options', () => {
  it('refuses bad options with one line and exit code 2', async () => {
    const cases: [string[], string][] = [
      [['--token', 'has space'], '--token must be 1 to 256 letters, digits or ._~- characters'],
      [['--port', '70000'], '--port must be at most 65535, got 70000'],
      [['--port', '-1'], '--port must be a whole number of at least 0, got -1'],
      [['--max-upload-mb', '0'], '--max-upload-mb must be a whole number of at least 1, got 0'],
      [['--verbose'], 'unknown option --verbose']
    ]
    const results = await Promise.all(cases.map(([args]) => runCli(['serve', ...args])))
    results.forEach((r, i) => {
      expect(r.code, cases[i][0].join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n'), cases[i][0].join(' ')).toEqual([expect.stringContaining(cases[i][1])])
      expect(r.stdout).toBe('')
    })
  })

})
