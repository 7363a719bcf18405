/** The desktop app's settings file (`<userData>/settings.json`), checked when read like any file. */
import * as z from 'zod/mini'
import { schema, type Infer } from './schema'

export const appSettings = schema(
  z.looseObject({
    /** Train on `regstudio worker`s through this Redis instead of here (applied when the app starts). */
    queue: z.optional(z.strictObject({ url: z.string().check(z.minLength(1), z.maxLength(2048)) }))
  })
)

export type AppSettings = Infer<typeof appSettings>

/** What the settings dialog shows and sends: the queue's URL, its password masked as *** when shown; null for none. */
export const queueSettingInput = schema(z.strictObject({ url: z.nullable(z.string().check(z.maxLength(2048))) }))
export type QueueSetting = Infer<typeof queueSettingInput>
