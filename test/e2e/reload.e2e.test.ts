/**
 * A window reloaded (or a second tab opened) comes back to the dataset it chose and the study it was
 * editing, instead of the newest import and the preset: choices are kept in localStorage per workspace.
 */
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'
import { tinyCsv } from './support/tinyDataset'

describe('choices across a reload', () => {
  const session = serveWithBrowser('reload')

  function importPair(socket: TestSocket, perClass: number): Promise<string> {
    return uploadDataset(session.serve, socket, [[`p${perClass}-train.csv`, tinyCsv(perClass)], [`p${perClass}-test.csv`, tinyCsv(1, 3)]])
  }

  it('keeps the chosen dataset and the edited variants', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const socket = await TestSocket.open(`${session.serve.origin.replace('http', 'ws')}/ws?token=${session.serve.token}`, {}, session.serve.origin)
    const older = await importPair(socket, 2)
    await importPair(socket, 3)
    socket.close()

    const context = await (session.browser as Browser).newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.locator('.dataset-card select').selectOption(older)
    await expect.poll(() => page.getByTestId('train-count').textContent()).toBe('20')
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Model' }).click()
    await page.getByLabel('Variant name').fill('wide')

    await page.reload()
    await expect.poll(() => page.getByTestId('train-count').textContent()).toBe('20')
    expect(await page.locator('.dataset-card select').inputValue()).toBe(older)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Model' }).click()
    await expect.poll(() => page.getByLabel('Variant name').inputValue()).toBe('wide')

    // A second tab of the same browser starts from the same choices.
    const second = await context.newPage()
    await second.goto(session.serve.url)
    await expect.poll(() => second.getByTestId('train-count').textContent()).toBe('20')
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
