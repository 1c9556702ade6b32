import { firstValueFrom } from 'rxjs';
import type { SerialLineConfig } from '../instrument-config.ts';
import { abortableDelay } from '../serial/backoff.ts';
import { SerialTransport } from '../serial/serial-transport.ts';
import type { ScpiDevice } from './scpi-device.ts';

export interface ServeOptions {
  readonly line: SerialLineConfig;
  readonly signal: AbortSignal;
  /** Called each time the port is (re)opened. */
  readonly onOpen?: (path: string) => void;
  readonly onClose?: (path: string, reason: string) => void;
}

/**
 * Serves an emulated controller on a serial device path until the signal aborts: opens the path (retrying with
 * backoff 50 ms … 1 s while it does not exist yet, e.g. before socat made the pty), attaches the device, and
 * reopens after a disconnect (socat restarted) or after the device's disconnect fault closed it.
 */
export async function servePort(device: ScpiDevice, opts: ServeOptions): Promise<void> {
  const { signal } = opts;
  let delay = 50;
  while (!signal.aborted) {
    const transport = new SerialTransport(opts.line);
    try {
      await transport.open(signal);
    } catch {
      await abortableDelay(delay, signal);
      delay = Math.min(1000, delay * 2);
      continue;
    }
    delay = 50;
    device.attach(transport);
    opts.onOpen?.(opts.line.path);
    const lost = firstValueFrom(transport.disconnected$).then((e) => e.message);
    const closedByFault = new Promise<string>((resolve) => {
      device.onFaultDisconnect = () => {
        device.detach();
        void transport.close().then(() => resolve('disconnect fault'));
      };
    });
    let onAbort = (): void => undefined;
    const aborted = new Promise<string>((resolve) => {
      onAbort = () => resolve('stopped');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const reason = await Promise.race([lost, closedByFault, aborted]);
    signal.removeEventListener('abort', onAbort);
    device.detach();
    await transport.close();
    opts.onClose?.(opts.line.path, reason);
    if (reason === 'disconnect fault') await abortableDelay(200, signal); // let the peer notice before reopening
  }
}
