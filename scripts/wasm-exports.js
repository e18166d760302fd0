// Writes the WebAssembly module's exports, build/wasm-exports.ts (the entry asconfig.json
// compiles), from the kernel table of src/fast/wasm-kernels.ts as tsc compiled it into dist/:
// each kernel of assembly/ exported at float64 and at float32, its arguments typed as the
// table says. `npm run build` runs it between tsc and asc.
import { mkdirSync, writeFileSync } from 'node:fs';
import { ARGUMENT_TYPES, WASM_KERNELS } from '../dist/fast/wasm-kernels.js';

const ELEMENT_TYPES = { F64: 'f64', F32: 'f32' };
const names = Object.keys(WASM_KERNELS);
const lines = [
  '// Written by scripts/wasm-exports.js from the table in src/fast/wasm-kernels.ts; not edited.',
  '',
  `import { ${names.join(', ')} } from '../assembly/index';`,
];
for (const [name, { args }] of Object.entries(WASM_KERNELS)) {
  for (const [suffix, type] of Object.entries(ELEMENT_TYPES)) {
    const params = args.map((arg) => `${arg}: ${ARGUMENT_TYPES[arg].replace('T', type)}`);
    lines.push(
      '',
      `export function ${name}${suffix}(${params.join(', ')}): void {`,
      `  ${name}<${type}>(${args.join(', ')});`,
      '}',
    );
  }
}
mkdirSync(new URL('../build/', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/wasm-exports.ts', import.meta.url), `${lines.join('\n')}\n`);
