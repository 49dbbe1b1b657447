// jsdom lacks WebCrypto's getRandomValues in some Node versions; Tauri's IPC mocks need it.
import { randomFillSync } from 'node:crypto';

if (!('crypto' in window) || !window.crypto.getRandomValues) {
  Object.defineProperty(window, 'crypto', {
    value: { getRandomValues: (buffer: Uint8Array) => randomFillSync(buffer) },
  });
}
