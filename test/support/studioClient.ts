/** The real Studio as a renderer would see it, without a transport in between. */
import { join } from 'node:path'
import type { RequestName, StudioClient } from '../../src/shared/api'
import { Studio } from '../../src/main/core/studio/studio'
import { localExecutor } from '../../src/main/core/studio/localExecutor'

/** A client over `studio` that records the name of every request it carries. */
export function clientOf(studio: Studio, calls: RequestName[] = []): StudioClient {
  return {
    async request(name, input) {
      calls.push(name)
      const response = await studio.handle(name, input)
      if (!response.ok) throw new Error(response.error.message)
      return response.result as never
    },
    onEvent: (listener) => studio.onEvent(listener)
  }
}

/** A Studio on `dir` whose trainer cannot start, so started runs fail at once: for state tests. */
export function untrainableStudio(dir: string): Studio {
  return new Studio({
    workspace: dir,
    cacheDir: join(dir, 'cache'),
    executor: localExecutor(() => {
      throw new Error('no trainer in this test')
    }),
    transport: 'websocket',
    version: 'test'
  })
}
