import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { describeProxy, proxyFor, proxySettingsFrom } from '../../src/data/proxy.js';

function proxyOf(url: string, env: NodeJS.ProcessEnv): string | undefined {
  return proxyFor(new URL(url), proxySettingsFrom(env))?.href;
}

describe('the proxy for a URL, from the environment', () => {
  it('goes direct when no proxy variable is set', () => {
    expect(proxyOf('http://example.org/', {})).toBeUndefined();
    expect(proxyOf('https://example.org/', {})).toBeUndefined();
  });

  it('takes HTTP_PROXY for http URLs and HTTPS_PROXY for https URLs', () => {
    const env = { HTTP_PROXY: 'http://plain:3128', HTTPS_PROXY: 'http://secure:3129' };
    expect(proxyOf('http://example.org/', env)).toBe('http://plain:3128/');
    expect(proxyOf('https://example.org/', env)).toBe('http://secure:3129/');
  });

  it('reads the lower-case variable first, as curl and undici do; an empty one means none', () => {
    expect(proxyOf('http://a/', { http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:2' })).toBe(
      'http://low:1/',
    );
    expect(proxyOf('http://a/', { http_proxy: '', HTTP_PROXY: 'http://up:2' })).toBeUndefined();
  });

  it('sends https URLs through the http proxy when there is no https one (as undici does)', () => {
    expect(proxyOf('https://example.org/', { HTTP_PROXY: 'http://plain:3128' })).toBe(
      'http://plain:3128/',
    );
    expect(proxyOf('http://example.org/', { HTTPS_PROXY: 'http://secure:3129' })).toBeUndefined();
  });

  it('takes a bare host:port as an http proxy, as curl does, credentials and all', () => {
    const proxy = proxyFor(
      new URL('https://example.org/'),
      proxySettingsFrom({ https_proxy: 'alice:s3cret@proxy.corp:8080' }),
    );
    expect(proxy?.href).toBe('http://alice:s3cret@proxy.corp:8080/');
    expect(proxy && describeProxy(proxy)).toBe('http://proxy.corp:8080/');
  });

  it.each([
    ['example.org', 'http://example.org/', true],
    ['example.org', 'http://mirror.example.org/', true],
    ['.example.org', 'http://mirror.example.org/', true],
    ['*.example.org', 'http://mirror.example.org/', true],
    ['example.org', 'http://notexample.org/', false],
    ['example.org:8080', 'http://example.org:8080/', true],
    ['example.org:8080', 'http://example.org/', false],
    ['example.org:443', 'https://example.org/', true],
    ['127.0.0.1', 'http://127.0.0.1:9999/', true],
    ['[::1]', 'http://[::1]:9999/', true],
    ['other.org, EXAMPLE.org', 'http://example.org/', true],
    ['*', 'http://anything.at.all/', true],
  ])('NO_PROXY=%j bypasses the proxy for %s: %s', (noProxy, url, isBypassed) => {
    const env = { HTTP_PROXY: 'http://proxy:3128', HTTPS_PROXY: 'http://proxy:3128' };
    expect(proxyOf(url, { ...env, no_proxy: noProxy })).toBe(
      isBypassed ? undefined : 'http://proxy:3128/',
    );
  });

  it.each([
    [{ HTTPS_PROXY: 'http://[proxy:3128' }, 'HTTPS_PROXY is not a URL: "http://[proxy:3128"'],
    [{ http_proxy: 'http://proxy:port' }, 'http_proxy is not a URL: "http://proxy:port"'],
    [
      { HTTP_PROXY: 'socks5://proxy:1080' },
      'HTTP_PROXY is not an http(s) proxy: "socks5://proxy:1080" (socks5: proxies are not supported)',
    ],
  ])('a malformed %j is a usage error naming the variable', (env, message) => {
    expect(() => proxySettingsFrom(env)).toThrow(new ConfigError(message));
  });
});
