// The proxy a download goes through, read from the environment as curl and undici's
// EnvHttpProxyAgent read it: the lower-case variable first, then the upper-case one
// (`https_proxy`, `HTTPS_PROXY`; `http_proxy`, `HTTP_PROXY`; `no_proxy`, `NO_PROXY`). An https URL
// without its own proxy uses the http one, as undici does. A malformed value is a usage error
// naming its variable, found before anything is downloaded.

import { ConfigError } from '../core/errors.js';

export interface ProxySettings {
  /** For http:// URLs: requests go to it with the absolute URL in the request line. */
  http?: URL;
  /** For https:// URLs: a CONNECT tunnel through it, TLS inside the tunnel. */
  https?: URL;
  /** NO_PROXY's entries: host names (a leading "." or "*." dropped), each with a port or 0. */
  bypass: readonly { host: string; port: number }[];
  /** NO_PROXY is "*": nothing goes through a proxy. */
  isBypassAll: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The variable that is set (lower case first) and its value; an empty value means no proxy. */
function variable(env: NodeJS.ProcessEnv, name: string): [string, string] | undefined {
  for (const key of [name.toLowerCase(), name]) {
    const value = env[key];
    if (value !== undefined) return value.trim() === '' ? undefined : [key, value.trim()];
  }
  return undefined;
}

function proxyUrl(env: NodeJS.ProcessEnv, name: string): URL | undefined {
  const found = variable(env, name);
  if (found === undefined) return undefined;
  const [key, value] = found;
  // curl takes "host:port" as an http proxy; so do we.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${key} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      `${key} is not an http(s) proxy: ${JSON.stringify(value)} (${url.protocol} proxies are not supported)`,
    );
  }
  if (url.hostname === '') throw new ConfigError(`${key} names no host: ${JSON.stringify(value)}`);
  return url;
}

export function proxySettingsFrom(env: NodeJS.ProcessEnv): ProxySettings {
  const http = proxyUrl(env, 'HTTP_PROXY');
  const https = proxyUrl(env, 'HTTPS_PROXY') ?? http;
  const noProxy = variable(env, 'NO_PROXY')?.[1] ?? '';
  const bypass = noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '' && entry !== '*')
    .map((entry) => {
      const match = /^(.+):(\d+)$/.exec(entry);
      const host = (match ? match[1] : entry).replace(/^\*?\./, '').toLowerCase();
      return { host: host.replace(/^\[(.*)\]$/, '$1'), port: match ? Number(match[2]) : 0 };
    });
  return { http, https, bypass, isBypassAll: noProxy === '*' };
}

/** The proxy for `target`, or undefined to go direct. */
export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (proxy === undefined || settings.isBypassAll) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol];
  const isBypassed = settings.bypass.some(
    (entry) =>
      (entry.port === 0 || entry.port === port) &&
      (host === entry.host || host.endsWith(`.${entry.host}`)),
  );
  return isBypassed ? undefined : proxy;
}

/** The proxy as messages name it: its URL without credentials. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}/`;
}
