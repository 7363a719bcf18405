/**
 * The WebGPU trainer window's preload: it exposes nothing on window. It hands the page the one
 * MessagePort main sends on TRAINER_PORT_CHANNEL (Electron's way into a context-isolated page), and
 * the trainer protocol travels over that port alone.
 */
import { ipcRenderer } from 'electron'
import { TRAINER_PORT_CHANNEL } from '../shared/trainerWindow'

ipcRenderer.on(TRAINER_PORT_CHANNEL, (event) => {
  window.postMessage(TRAINER_PORT_CHANNEL, window.location.origin === 'null' ? '*' : window.location.origin, event.ports)
})
