/** Letting the event loop run during long synchronous training work, in Node and in the WebGPU trainer page. */

/** Lets messages (a cancel) through: setImmediate in Node; a browser has only timers. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)))
}

/**
 * In Node, lets file writes started beside the work move on (each step of a write waits for a
 * turn of the loop). The page hands its files to the host, and a browser's timer would add 4 ms
 * each time, so there it returns at once.
 */
export function yieldForWrites(): Promise<void> {
  return typeof setImmediate === 'function' ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve()
}
