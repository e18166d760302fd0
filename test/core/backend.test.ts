import { jsBackend } from '../../src/core/backend.js';
import { describeKernels } from './kernels/cases.js';

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
