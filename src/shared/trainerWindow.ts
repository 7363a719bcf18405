/**
 * The WebGPU trainer window's one channel: main hands the page a MessagePort on it, and the whole
 * trainer protocol (core/training/pageProtocol.ts) then travels over that port.
 */
export const TRAINER_PORT_CHANNEL = 'regstudio:trainer-port'
