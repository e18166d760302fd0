// Choosing a backend by name. The WebAssembly one is imported only when asked for, so commands
// that never train start without compiling it.

import { jsBackend, type Backend, type ThreadRegion } from '../core/backend.js';

export type BackendName = 'js' | 'wasm';
export const BACKEND_NAMES: readonly BackendName[] = ['js', 'wasm'];

/**
 * The backend called `name`; 'wasm' compiles the WebAssembly module on first use (a dynamic
 * import, so commands that never train do not load it), in a memory of its own or in `region`.
 */
export async function loadBackend(name: BackendName, region?: ThreadRegion): Promise<Backend> {
  if (name === 'js') return jsBackend;
  const { createWasmBackend } = await import('./wasm-backend.js');
  return createWasmBackend(region);
}

/** The fastest backend this runtime can run: wasm where the module compiles, else js. */
export async function defaultBackendName(): Promise<BackendName> {
  const { isWasmAvailable } = await import('./wasm-backend.js');
  return isWasmAvailable() ? 'wasm' : 'js';
}
