// activationsDemo's result, computed once per setting list and seed in a test worker: a call
// runs 1000×100 products through five layers per setting and sums every activation pairwise,
// seconds on a busy machine, and several test files draw the same settings. Shared: read only.

import {
  activationsDemo,
  BOOK_ACTIVATION_SETTINGS,
  type ActivationSetting,
  type ActivationsDemo,
} from '../../src/demo/activations.js';

const computed = new Map<string, ActivationsDemo>();

export function cachedActivationsDemo(
  settings: readonly ActivationSetting[] = BOOK_ACTIVATION_SETTINGS,
  seed = 0,
): ActivationsDemo {
  const key = JSON.stringify([settings.map((s) => [s.init, s.activation]), seed]);
  let demo = computed.get(key);
  if (demo === undefined) {
    demo = activationsDemo(settings, seed);
    computed.set(key, demo);
  }
  return demo;
}
