/**
 * Browser mode wire format (`regstudio serve`): one WebSocket at /ws?token=..., JSON text frames.
 * Uploads go over HTTP (POST /upload?token=..., raw body, file name in X-File-Name) and are then
 * imported with the datasets.importUploads request.
 */
import * as z from 'zod/mini'
import type { RequestName, Response, StudioEvent } from './api'
import { schema, type Infer } from './schema'

export const WS_PATH = '/ws'
export const UPLOAD_PATH = '/upload'
export const TOKEN_PARAM = 'token'

/** Client to host, as the host reads a frame; Studio then checks the name and the input. */
export const WS_REQUEST = schema(
  z.strictObject({
    id: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    input: z.optional(z.unknown())
  })
)

/** Client to host, as a client sends it. */
export type WsRequest = Omit<Infer<typeof WS_REQUEST>, 'name'> & { name: RequestName }

/** Host to client: the answer to one request, or an event. */
export type WsServerMessage = { id: number; response: Response<RequestName> } | { event: StudioEvent }

export interface UploadResult {
  uploadId: string
  fileName: string
  bytes: number
}
