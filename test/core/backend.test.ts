import { jsBackend } from '../../src/core/backend.js';
import { describeKernels } from './kernels/cases.js';
import { describeChapter6Kernels } from './kernels/chapter6-cases.js';

describeKernels(
  'TypeScript kernels equal their naive references at float64',
  () => jsBackend,
  'f64',
);
describeKernels(
  'TypeScript kernels equal their naive references at float32',
  () => jsBackend,
  'f32',
);
describeChapter6Kernels(
  'TypeScript chapter-6 kernels equal their naive references (float64: bit for bit)',
  () => jsBackend,
  'f64',
);
describeChapter6Kernels(
  'TypeScript chapter-6 kernels follow their naive references at float32',
  () => jsBackend,
  'f32',
);
