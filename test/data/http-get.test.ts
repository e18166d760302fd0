import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, UnreachableError, type HttpGetOptions } from '../../src/data/http-get.js';
import { proxySettingsFrom } from '../../src/data/proxy.js';
import { makeFixtureSet } from './idx-writer.js';
import { startMirror, type MirrorServer } from './mirror-server.js';

const fixture = makeFixtureSet(10, 10);
const FILE = 'train-labels-idx1-ubyte.gz';
let mirror: MirrorServer;
let closedPort: number;

beforeAll(async () => {
  mirror = await startMirror(fixture.gz, fixture.gz);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => mirror.close());

const DIRECT: HttpGetOptions = { proxies: proxySettingsFrom({}), timeoutMs: 5000 };

async function get(url: string, options: Partial<HttpGetOptions> = {}) {
  const response = await httpGet(url, { ...DIRECT, ...options });
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return { url: response.url.href, status: response.status, body: Buffer.concat(chunks) };
}

async function failure(url: string, options: Partial<HttpGetOptions> = {}): Promise<Error> {
  const error: unknown = await get(url, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain('\n');
  return error as Error;
}

const gzOf = Buffer.from(fixture.gz['train-labels-idx1-ubyte']);

describe('one GET, direct', () => {
  it('resolves with the status and an unread body', async () => {
    expect(await get(`${mirror.url}/ok/${FILE}`)).toEqual({
      url: `${mirror.url}/ok/${FILE}`,
      status: 200,
      body: gzOf,
    });
  });

  it('resolves with a 404 too: what a status means is the caller’s business', async () => {
    expect((await get(`${mirror.url}/404/${FILE}`)).status).toBe(404);
  });

  it('names a host that refuses the connection, as unreachable', async () => {
    const error = await failure(`http://127.0.0.1:${closedPort}/${FILE}`);
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe(`127.0.0.1:${closedPort} refused the connection`);
  });

  it('gives up on a server that never answers', async () => {
    const error = await failure(`${mirror.url}/hang/${FILE}`, { timeoutMs: 200 });
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe('no response within 200 ms');
  });

  it('says in one line that an https URL met a plain http port', async () => {
    const error = await failure(`${mirror.url.replace('http:', 'https:')}/ok/${FILE}`);
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toMatch(
      /^TLS handshake with 127\.0\.0\.1:\d+ failed: it does not speak TLS \(an http:\/\/ port\?\)$/,
    );
  });

  it('rejects with the signal’s reason when aborted while waiting', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 50);
    const error = await failure(`${mirror.url}/hang/${FILE}`, { signal: controller.signal });
    expect(error).toBe(reason);
  });
});

describe('redirects', () => {
  it.each([
    ['moved', 'to another folder', `/ok/${FILE}`],
    ['elsewhere', 'to another host', `/ok/${FILE}`],
    ['chain5', 'five times', `/ok/${FILE}`],
  ])('follows %s (%s) and says where the body came from', async (behaviour, _what, path) => {
    const got = await get(`${mirror.url}/${behaviour}/${FILE}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(gzOf);
    expect(new URL(got.url).pathname).toBe(path);
  });

  it('stops at a loop', async () => {
    const error = await failure(`${mirror.url}/loop/${FILE}`);
    expect(error.message).toBe(`redirect loop: ${mirror.url}/loop/${FILE} again`);
  });

  it('stops after five', async () => {
    const error = await failure(`${mirror.url}/chain6/${FILE}`);
    expect(error.message).toBe(`more than 5 redirects (the next to ${mirror.url}/ok/${FILE})`);
  });
});

describe('through a proxy', () => {
  it('asks a plain proxy for an http URL with the absolute URL, sending the credentials', async () => {
    const start = mirror.requests.length;
    const proxies = proxySettingsFrom({ HTTP_PROXY: mirror.url.replace('//', '//bob:pw@') });
    const got = await get(`http://mnist.invalid/ok/${FILE}`, { proxies });
    expect(got.body).toEqual(gzOf);
    expect(mirror.requests.slice(start)).toEqual([`proxy:http://mnist.invalid/ok/${FILE} as bob`]);
  });

  it('follows a redirect through the proxy too', async () => {
    const start = mirror.requests.length;
    const proxies = proxySettingsFrom({ HTTP_PROXY: mirror.url });
    const got = await get(`http://mnist.invalid/moved/${FILE}`, { proxies });
    expect(got.url).toBe(`http://mnist.invalid/ok/${FILE}`);
    expect(mirror.requests.slice(start)).toEqual([
      `proxy:http://mnist.invalid/moved/${FILE}`,
      `proxy:http://mnist.invalid/ok/${FILE}`,
    ]);
  });

  it('names a proxy that refuses the connection', async () => {
    const proxies = proxySettingsFrom({ HTTPS_PROXY: `http://127.0.0.1:${closedPort}` });
    const error = await failure(`https://mnist.invalid/ok/${FILE}`, { proxies });
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe(`proxy http://127.0.0.1:${closedPort}/ refused the connection`);
  });

  it('names a proxy that refuses the tunnel, with its answer', async () => {
    const proxies = proxySettingsFrom({ HTTPS_PROXY: mirror.url });
    const error = await failure(`https://forbidden.invalid/ok/${FILE}`, { proxies });
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe(`proxy ${mirror.url}/ answered CONNECT with 403 Forbidden`);
  });

  it('opens a CONNECT tunnel for an https URL (TLS inside is the mirror’s business)', async () => {
    const start = mirror.requests.length;
    const proxies = proxySettingsFrom({ HTTPS_PROXY: mirror.url });
    // Port 80 of the test proxy reaches its plain server: the handshake fails inside the tunnel.
    const error = await failure(`https://mnist.invalid:80/ok/${FILE}`, { proxies });
    expect(mirror.requests.slice(start)).toEqual(['connect:mnist.invalid:80']);
    expect(error.message).toBe(
      'TLS handshake with mnist.invalid:80 failed: it does not speak TLS (an http:// port?)',
    );
  });
});
