/**
 * The Compare view on runs stored in the workspace before the page opens: the default pick is ticked
 * at once, two tries of a variant are told apart as the report tells them, and runs trained on other
 * data are flagged.
 */
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/core/runs/runStore'
import { storeFinishedRun } from '../support/storedRuns'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'

const QUICK = { source: 'quick subset of the test data', fingerprint: 'a'.repeat(64), train: 9000, validation: 1000, test: 2000 }
const FULL = { source: 'all of the test data', fingerprint: 'b'.repeat(64), train: 54000, validation: 6000, test: 10000 }

describe('comparing stored runs', () => {
  const session = serveWithBrowser('compare', [], async (dir) => {
    const store = new RunStore(join(dir, 'ws'))
    await store.init()
    for (const [name, dataset] of [['baseline', QUICK], ['dropout', QUICK], ['dropout', FULL]] as const) {
      await storeFinishedRun(store, name, { dataset, studyId: 'study-1' })
    }
  })

  it('ticks the default pick on load, numbers two tries of a variant and flags runs on other data', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)

    const ticks = page.getByRole('complementary', { name: 'Runs' }).getByRole('checkbox')
    await expect.poll(() => ticks.count()).toBe(3)
    await expect.poll(async () => (await Promise.all((await ticks.all()).map((t) => t.isChecked()))).every(Boolean)).toBe(true)

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()
    const names = page.locator('.compare-table tbody th')
    await expect.poll(() => names.count()).toBe(3)
    expect((await names.allInnerTexts()).map((t) => t.trim())).toEqual(['baseline', 'dropout #1', 'dropout #2'].map((n) => expect.stringContaining(n)))
    const note = page.getByRole('note').filter({ hasText: 'These runs trained on different data' })
    await note.waitFor()
    expect(await note.locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^baseline, dropout #1: quick subset of the test data; 9,000 train · 2,000 test$/),
      expect.stringMatching(/^dropout #2: all of the test data; 54,000 train · 10,000 test$/)
    ])
    await page.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'ui-compare-mixed.png') })
    expect(await page.getByRole('group', { name: 'Run shown' }).getByRole('button').allInnerTexts()).toEqual(['baseline', 'dropout #1', 'dropout #2'])
    expect(errors).toEqual([])
  }, 60_000)
})
