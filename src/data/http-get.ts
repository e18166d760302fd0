// One HTTP GET with Node's own http and https: direct, through a plain proxy (http:// URLs, the
// absolute URL in the request line), or through a CONNECT tunnel (https:// URLs, TLS inside the
// tunnel); redirects followed up to MAX_REDIRECTS hops, between http and https either way. It
// resolves with the response whose body the caller reads; every failure before that is an Error
// with a one-line message naming what failed: the host, the proxy, the TLS handshake.

import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describeProxy, proxyFor, type ProxySettings } from './proxy.js';

/** curl follows 50, browsers 20; a mirror needs one or two (http to https, a moved folder). */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface HttpGetOptions {
  proxies: ProxySettings;
  /** Longest wait for each response's head, connection, tunnel and TLS set-up included. */
  timeoutMs: number;
  /** Aborting destroys the request; httpGet then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** The URL that answered, after any redirects. */
  url: URL;
  status: number;
  statusText: string;
  body: IncomingMessage;
}

/** The server (or the proxy before it) could not be reached or gave no answer: not one file's fault. */
export class UnreachableError extends Error {}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  let current = new URL(url);
  const seen = new Set([current.href]);
  for (let hops = 0; ; hops += 1) {
    const body = await requestOnce(current, options);
    const status = body.statusCode ?? 0;
    const location = body.headers.location;
    if (!REDIRECT_STATUSES.has(status) || location === undefined) {
      return { url: current, status, statusText: body.statusMessage ?? '', body };
    }
    body.destroy();
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new Error(`HTTP ${status} redirect to ${JSON.stringify(location)}, which is not a URL`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new Error(`HTTP ${status} redirect to ${next.href}, which is not http(s)`);
    }
    if (seen.has(next.href)) throw new Error(`redirect loop: ${next.href} again`);
    if (hops === MAX_REDIRECTS) {
      throw new Error(`more than ${MAX_REDIRECTS} redirects (the next to ${next.href})`);
    }
    seen.add(next.href);
    current = next;
  }
}

const HEADERS = {
  'user-agent': 'nn-scratch',
  // Asked for as stored; a server that compresses anyway is handled by the caller's unpacking.
  'accept-encoding': 'identity',
};

/** host and port as the request line of a CONNECT and a Host header name them. */
function authority(url: URL): string {
  return `${url.hostname}:${portOf(url)}`;
}

function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** The host name without an IPv6 literal's brackets, as the socket APIs want it. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function proxyHeaders(proxy: URL): Record<string, string> {
  if (proxy.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A request to the proxy itself: plain, or TLS when the proxy's URL is https. */
function requestToProxy(
  proxy: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
): ClientRequest {
  const send = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
  return send({
    host: bareHost(proxy),
    port: portOf(proxy),
    method,
    path,
    headers: { ...headers, ...proxyHeaders(proxy) },
    agent: false,
  });
}

/** One request, no redirects: resolves with the response head, its body unread. */
function requestOnce(
  target: URL,
  { proxies, timeoutMs, signal }: HttpGetOptions,
): Promise<IncomingMessage> {
  signal?.throwIfAborted();
  const proxy = proxyFor(target, proxies);
  return new Promise((resolve, reject) => {
    let isSettled = false;
    const open: { destroy(): void }[] = [];
    const settle = () => {
      isSettled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      if (isSettled) return;
      settle();
      for (const stream of open) stream.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => fail(new UnreachableError(`no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const watch = (request: ClientRequest, isProxyFault: boolean) => {
      open.push(request);
      request.on('error', (error) =>
        fail(whyUnreachable(error, target, isProxyFault ? proxy : undefined)),
      );
      request.end();
    };
    const get = (request: ClientRequest, isProxyFault: boolean) => {
      request.on('response', (response) => {
        if (isSettled) {
          response.destroy();
          return;
        }
        settle();
        resolve(response);
      });
      watch(request, isProxyFault);
    };

    const headers = { ...HEADERS, host: target.host };
    if (proxy === undefined) {
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      get(send(target, { headers, agent: false }), false);
    } else if (target.protocol === 'http:') {
      get(requestToProxy(proxy, 'GET', target.href, headers), true);
    } else {
      const tunnel = requestToProxy(proxy, 'CONNECT', authority(target), {
        host: authority(target),
      });
      tunnel.on('connect', (answer: IncomingMessage, socket: Socket) => {
        open.push(socket);
        if (isSettled) {
          socket.destroy();
          return;
        }
        if (answer.statusCode !== 200) {
          const status = `${answer.statusCode ?? ''} ${answer.statusMessage ?? ''}`.trim();
          fail(
            new UnreachableError(`proxy ${describeProxy(proxy)} answered CONNECT with ${status}`),
          );
          return;
        }
        // SNI carries host names only (RFC 6066); Node warns on stderr when given an address.
        const host = bareHost(target);
        const secure = tlsConnect({ socket, servername: isIP(host) ? undefined : host });
        secure.once('close', () => socket.destroy());
        get(httpsRequest(target, { headers, createConnection: () => secure }), false);
      });
      watch(tunnel, true);
    }
  });
}

const CERTIFICATE_CODES =
  /^(?:ERR_TLS_CERT_ALTNAME_INVALID|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(?:GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE))/;

/** A connection failure in one line, naming the proxy when it was the proxy that failed. */
function whyUnreachable(error: unknown, target: URL, proxy?: URL): UnreachableError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const peer = proxy === undefined ? authority(target) : `proxy ${describeProxy(proxy)}`;
  const host = proxy === undefined ? target.hostname : proxy.hostname;
  const wrap = (text: string) => new UnreachableError(text);
  if (code === 'ECONNREFUSED') return wrap(`${peer} refused the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return wrap(`host ${host} not found`);
  if (code === 'ECONNRESET') return wrap(`${peer} closed the connection without an answer`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return wrap(`${peer} is unreachable`);
  if (CERTIFICATE_CODES.test(code)) return wrap(`TLS certificate of ${host} refused: ${message}`);
  if (/wrong version number|packet length too long|unknown protocol/.test(message)) {
    return wrap(`TLS handshake with ${peer} failed: it does not speak TLS (an http:// port?)`);
  }
  const openssl = /SSL routines:[^:]*:([^:]+)/.exec(message);
  if (openssl) return wrap(`TLS handshake with ${peer} failed: ${openssl[1]}`);
  const detail = code !== '' && !message.includes(code) ? `${message} (${code})` : message;
  return wrap(proxy === undefined ? detail : `${peer}: ${detail}`);
}
