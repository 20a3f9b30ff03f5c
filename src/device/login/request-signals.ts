import { EventEmitter } from 'node:events';

/**
 * In-process wake-ups for long polls: the app's pending poll returns as soon as a request for
 * its device is made on this instance. Other instances' requests are found by the poll's
 * periodic re-read, so this is an optimisation, never needed for correctness.
 */
export interface RequestSignals {
  notify(deviceId: string): void;
  wait(deviceId: string, ms: number, signal?: AbortSignal): Promise<void>;
}

export function createRequestSignals(): RequestSignals {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (deviceId) => emitter.emit(deviceId),
    wait: (deviceId, ms, signal) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          emitter.off(deviceId, done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        emitter.on(deviceId, done);
        signal?.addEventListener('abort', done);
      }),
  };
}
