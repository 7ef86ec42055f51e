/**
 * The `ws` client as the bare contestant uses it. @krakenkit/bench depends on `ws` but not on `@types/ws`, so the
 * few members used here are typed by hand (adding `@types/ws` to the package would make this file a plain import).
 */
import { createRequire } from 'node:module';

export interface BareSocket {
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  once(event: 'close', listener: () => void): void;
  send(text: string): void;
  close(): void;
}

type SocketConstructor = new (url: string, options: { perMessageDeflate: boolean }) => BareSocket;

export const WebSocket = createRequire(import.meta.url)('ws') as SocketConstructor;
