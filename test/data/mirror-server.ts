// A fake MNIST mirror on 127.0.0.1 for download tests. The first path segment picks how it
// misbehaves, so one server plays many mirrors: http://127.0.0.1:PORT/404/ is a mirror that
// answers 404, .../ok/ one that serves the files. It is also an HTTP proxy that knows only
// itself: a CONNECT to any host, or an absolute URL in the request line, reaches the same routes
// and is recorded as such.

import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Behaviour =
  'ok' | '404' | 'truncated' | 'wrong' | 'html' | 'hang' | 'reset' | 'stall' | 'chunked' | 'bomb';

export interface MirrorServer {
  url: string;
  /**
   * Every request as "behaviour/file", in arrival order; proxy use as "connect:host:port" or
   * "proxy:" + the absolute URL.
   */
  requests: string[];
  close(): Promise<void>;
}

/** `files` are the gzipped bodies by MNIST name; `wrongFiles` well-formed but different ones. */
export async function startMirror(
  files: Record<string, Uint8Array>,
  wrongFiles: Record<string, Uint8Array>,
): Promise<MirrorServer> {
  const requests: string[] = [];
  const pending: ServerResponse[] = [];
  let bomb: Uint8Array | undefined;
  const server = createServer((req, res) => {
    const isProxied = /^https?:\/\//.test(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, behaviour, file] = url.pathname.split('/');
    requests.push(isProxied ? `proxy:${req.url}` : `${behaviour}/${file}`);
    const name = (file ?? '').replace(/\.gz$/, '');
    const body = files[name];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const half = body.subarray(0, Math.floor(body.length / 2));
    const gzipHeaders = { 'content-type': 'application/x-gzip' };
    switch (behaviour as Behaviour) {
      case 'ok':
        res.writeHead(200, { ...gzipHeaders, 'content-length': body.length }).end(body);
        return;
      case 'bomb':
        // Small on the wire, 65 MiB once unpacked: more than any MNIST file.
        bomb ??= gzipSync(new Uint8Array(65 * 1024 * 1024));
        res.writeHead(200, { ...gzipHeaders, 'content-length': bomb.length }).end(bomb);
        return;
      case 'chunked':
        res.writeHead(200, gzipHeaders);
        res.write(half);
        res.end(body.subarray(half.length));
        return;
      case '404':
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
        return;
      case 'truncated':
        res.writeHead(200, { ...gzipHeaders, 'content-length': half.length }).end(half);
        return;
      case 'wrong':
        res
          .writeHead(200, { ...gzipHeaders, 'content-length': wrongFiles[name].length })
          .end(wrongFiles[name]);
        return;
      case 'html':
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><title>Moved</title><p>This file has moved.</p>');
        return;
      case 'hang':
        pending.push(res);
        return;
      case 'reset':
        res.writeHead(200, { ...gzipHeaders, 'content-length': body.length });
        res.write(half, () => setTimeout(() => req.socket.destroy(), 20));
        return;
      case 'stall':
        res.writeHead(200, { ...gzipHeaders, 'content-length': body.length });
        res.write(half);
        pending.push(res);
        return;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.on('connect', (req, client: Socket, head: Buffer) => {
    requests.push(`connect:${req.url}`);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
