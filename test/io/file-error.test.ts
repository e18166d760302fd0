import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../src/io/file-error.js';

describe('reasonOf', () => {
  const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('words the codes a full, failing or read-only disk gives', () => {
    expect(reasonOf(failure('ENOSPC', 'ENOSPC: no space left on device, write'))).toBe(
      'no space left on device',
    );
    expect(reasonOf(failure('EDQUOT', 'EDQUOT: disk quota exceeded, write'))).toBe(
      'disk quota exceeded',
    );
    expect(reasonOf(failure('EROFS', "EROFS: read-only file system, open '/m'"))).toBe(
      'read-only file system',
    );
    expect(reasonOf(failure('EIO', 'EIO: i/o error, write'))).toMatch(/^input\/output error/);
  });

  it("keeps the system's own words for the other codes, without the call and the path", () => {
    expect(reasonOf(failure('ENXIO', "ENXIO: no such device or address, open '/x/y'"))).toBe(
      'no such device or address',
    );
    expect(reasonOf(new Error('something odd'))).toBe('something odd');
  });
});
