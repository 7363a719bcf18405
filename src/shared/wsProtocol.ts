/**
 * Browser mode wire format (`regstudio serve`): one WebSocket at /ws?token=..., JSON text frames.
 * Uploads go over HTTP (POST /upload?token=..., raw body, file name in X-File-Name) and are then
 * imported with the datasets.importUploads request.
 */
import type { RequestName, Response, StudioEvent } from './api'

export const WS_PATH = '/ws'
export const UPLOAD_PATH = '/upload'
export const TOKEN_PARAM = 'token'
export const FILE_NAME_HEADER = 'x-file-name'

/** Client to host. */
export interface WsRequest {
  id: number
  name: RequestName
  input: unknown
}

/** Host to client: the answer to one request, or an event. */
export type WsServerMessage = { id: number; response: Response<RequestName> } | { event: StudioEvent }

export interface UploadResult {
  uploadId: string
  fileName: string
  bytes: number
}
