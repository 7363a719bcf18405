/**
 * Reads one WebSocket frame as a WsRequest. Anything else becomes a typed error answer; when the
 * frame carries no usable id the answer goes to id -1, which no client request uses.
 */
import { ERROR_CODES } from '../../shared/api'
import type { StudioErrorValue } from '../../shared/errors'
import { formatIssues } from '../../shared/schema'
import { WS_REQUEST } from '../../shared/wsProtocol'

export const NO_ID = -1

export type ParsedFrame =
  | { ok: true; id: number; name: string; input?: unknown }
  | { ok: false; id: number; error: StudioErrorValue }

export function parseFrame(data: Buffer, isBinary: boolean): ParsedFrame {
  if (isBinary) return refuse(NO_ID, 'messages must be JSON text frames, not binary')
  let value: unknown
  try {
    value = JSON.parse(data.toString('utf8'))
  } catch {
    return refuse(NO_ID, 'the message is not valid JSON')
  }
  const checked = WS_REQUEST.check(value)
  if (checked.ok) return { ok: true, ...checked.value }
  const id = usableId(value)
  return {
    ok: false,
    id,
    error: {
      code: ERROR_CODES.invalidRequest,
      message: `the message must be {id, name, input}: ${formatIssues(checked.issues)}`,
      details: { issues: checked.issues }
    }
  }
}

function usableId(value: unknown): number {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : NO_ID
}

function refuse(id: number, message: string): ParsedFrame {
  return { ok: false, id, error: { code: ERROR_CODES.invalidRequest, message } }
}
