// Where a download would come from and how patient it is: the mirrors and the defaults, apart
// from download.ts so that checking a --mirror or $MNIST_MIRROR does not load the network stack.

import { ConfigError } from '../core/errors.js';

/** torchvision's mirrors, in its order: the S3 copy first, LeCun's own page second. */
export const DEFAULT_MIRRORS: readonly string[] = [
  'https://ossci-datasets.s3.amazonaws.com/mnist/',
  'http://yann.lecun.com/exdb/mnist/',
];

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * 10 kB/s: the training images would take 17 minutes, so anything slower is better served by
 * the next mirror; a trickle of a few hundred bytes a second would take days.
 */
export const DEFAULT_MIN_BYTES_PER_SECOND = 10_000;

/** Mirror URLs as the user gave them, checked and ending in '/' so file names append. */
export function normaliseMirrors(mirrors: readonly string[]): string[] {
  return mirrors.map((mirror) => {
    let url: URL;
    try {
      url = new URL(mirror);
    } catch {
      throw new ConfigError(`mirror ${JSON.stringify(mirror)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`mirror ${mirror} is not an http(s) URL`);
    }
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  });
}

/** `$MNIST_MIRROR` may hold several URLs separated by commas or spaces. */
export function mirrorsFromEnv(value: string | undefined): string[] | undefined {
  const list = (value ?? '').split(/[\s,]+/).filter((part) => part !== '');
  return list.length > 0 ? list : undefined;
}
