import { describe, expect, it } from 'vitest';
import { wasmModule } from '../../src/fast/wasm-backend.js';
import { WASM_KERNELS, exportName, type WasmKernelName } from '../../src/fast/wasm-kernels.js';

const names = Object.keys(WASM_KERNELS) as WasmKernelName[];

// The parts of the WebAssembly API used here (Node 20's type definitions do not declare them).
interface WasmApi {
  Module: { exports(module: object): { name: string; kind: string }[] };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => object;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

describe('the kernel table', () => {
  const module = wasmModule();
  const memory = new WebAssemblyApi.Memory({ initial: 1, maximum: 1, shared: true });
  const { exports } = new WebAssemblyApi.Instance(module, { env: { memory } });

  it("is the module's exports: each kernel at float64 and float32, and nothing else", () => {
    const expected = names.flatMap((name) => [exportName(name, false), exportName(name, true)]);
    const functions = WebAssemblyApi.Module.exports(module)
      .filter(({ kind }) => kind === 'function')
      .map(({ name }) => name);
    expect(functions.sort()).toEqual(expected.sort());
  });

  it('gives every export as many arguments as the module takes', () => {
    for (const name of names) {
      for (const isSingle of [false, true]) {
        const kernel = exports[exportName(name, isSingle)] as (...args: unknown[]) => void;
        expect(kernel.length, exportName(name, isSingle)).toBe(WASM_KERNELS[name].args.length);
      }
    }
  });

  it('asks scratch of exactly the kernels that take its address, last', () => {
    for (const name of names) {
      const args: readonly string[] = WASM_KERNELS[name].args;
      const hasScratch = 'scratchBytes' in WASM_KERNELS[name];
      expect(args.includes('scratch'), name).toBe(hasScratch);
      if (hasScratch) expect(args.at(-1), name).toBe('scratch');
    }
  });
});
