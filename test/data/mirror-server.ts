// A fake MNIST mirror on 127.0.0.1 for download tests. The first path segment picks how it
// misbehaves, so one server plays many mirrors: http://127.0.0.1:PORT/404/ is a mirror that
// answers 404, .../ok/ one that serves the files. It is also an HTTP proxy that knows only
// itself: an absolute URL in the request line (a plain proxy), or a CONNECT to any host (port 443
// reaches its https twin, any other port the plain server), reaches the same routes and is
// recorded as such. Given a certificate, it has an https twin serving the same routes, which is
// a proxy too (one reached over TLS).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Behaviour =
  | 'ok'
  | '404'
  | '500'
  | 'truncated'
  | 'wrong'
  | 'html'
  | 'hang'
  | 'reset'
  | 'stall'
  | 'trickle'
  | 'chunked'
  | 'bomb'
  | 'http10'
  | 'labelled'
  | 'recompressed'
  | 'moved'
  | 'elsewhere'
  | 'to-https'
  | 'to-http'
  | 'loop'
  | `chain${number}`;

export interface MirrorServer {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  /** https://127.0.0.1:PORT of the https twin, when a certificate was given. */
  httpsUrl?: string;
  /**
   * Every request as "behaviour/file", in arrival order; proxy use as "connect:host:port" or
   * "proxy:" + the absolute URL, with " as USER" when the request carried proxy credentials.
   * Those the https twin received are prefixed "https:".
   */
  requests: string[];
  close(): Promise<void>;
}

export interface Certificate {
  key: string;
  cert: string;
}

/** `files` are the gzipped bodies by MNIST name; `wrongFiles` well-formed but different ones. */
export async function startMirror(
  files: Record<string, Uint8Array>,
  wrongFiles: Record<string, Uint8Array>,
  certificate?: Certificate,
): Promise<MirrorServer> {
  const requests: string[] = [];
  const pending: ServerResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let bomb: Uint8Array | undefined;
  let httpPort = 0;
  let httpsPort = 0;

  const respond = (req: IncomingMessage, res: ServerResponse, isTls: boolean) => {
    const isProxied = /^https?:\/\//.test(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, behaviour, file] = url.pathname.split('/');
    const user = proxyUser(req);
    const entry = isProxied ? `proxy:${req.url}` : `${isTls ? 'https:' : ''}${behaviour}/${file}`;
    requests.push(user ? `${entry} as ${user}` : entry);
    const name = (file ?? '').replace(/\.gz$/, '');
    const body = files[name];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const half = body.subarray(0, Math.floor(body.length / 2));
    const gzipHeaders = { 'content-type': 'application/x-gzip' };
    const redirect = (status: number, location: string) =>
      res.writeHead(status, { location }).end(`moved to ${location}`);
    const chain = /^chain(\d+)$/.exec(behaviour);
    if (chain) {
      // chainN redirects N times in all before it reaches ok.
      const hops = Number(chain[1]);
      redirect(302, `/${hops > 1 ? `chain${hops - 1}` : 'ok'}/${file}`);
      return;
    }
    switch (behaviour as Behaviour) {
      case 'ok':
        res.writeHead(200, { ...gzipHeaders, 'content-length': body.length }).end(body);
        return;
      case 'bomb':
        // Small on the wire, 65 MiB once unpacked: more than any MNIST file. Level 1 makes it
        // in a third of the time, 300 kB instead of 66 kB.
        bomb ??= gzipSync(new Uint8Array(65 * 1024 * 1024), { level: 1 });
        res.writeHead(200, { ...gzipHeaders, 'content-length': bomb.length }).end(bomb);
        return;
      case 'chunked':
        res.writeHead(200, gzipHeaders);
        res.write(half);
        res.end(body.subarray(half.length));
        return;
      case 'http10':
        // python -m http.server's way: HTTP/1.0, and the body ends when the connection closes.
        req.socket.end(
          Buffer.concat([
            Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/gzip\r\n\r\n'),
            body,
          ]),
        );
        return;
      case 'labelled':
        // The stored .gz labelled as a gzip encoding of the raw file (Apache's AddEncoding).
        res
          .writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-encoding': 'gzip',
            'content-length': body.length,
          })
          .end(body);
        return;
      case 'recompressed': {
        // Compressed once more on the fly, as a server with gzip on for every type does.
        const twice = gzipSync(body, { level: 1 });
        res
          .writeHead(200, {
            ...gzipHeaders,
            'content-encoding': 'gzip',
            'content-length': twice.length,
          })
          .end(twice);
        return;
      }
      case 'moved':
        redirect(301, `/ok/${file}`);
        return;
      case 'elsewhere':
        redirect(302, `http://localhost:${httpPort}/ok/${file}`);
        return;
      case 'to-https':
        redirect(301, `https://127.0.0.1:${httpsPort}/ok/${file}`);
        return;
      case 'to-http':
        redirect(308, `http://127.0.0.1:${httpPort}/ok/${file}`);
        return;
      case 'loop':
        redirect(302, `/loop/${file}`);
        return;
      case '404':
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
        return;
      case '500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
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
      case 'trickle': {
        // 200 bytes every 100 ms: never silent for long, and never done.
        res.writeHead(200, { ...gzipHeaders, 'content-length': body.length });
        let sent = 0;
        const drip = setInterval(() => {
          res.write(body.subarray(sent, sent + 200));
          sent += 200;
          if (sent >= body.length) {
            clearInterval(drip);
            res.end();
          }
        }, 100);
        timers.add(drip);
        res.on('close', () => clearInterval(drip));
        return;
      }
      default:
        res.writeHead(500).end();
    }
  };

  const server = createServer((req, res) => respond(req, res, false));
  const twin = certificate
    ? createTlsServer(certificate, (req, res) => respond(req, res, true))
    : undefined;
  // Every socket, tunnels included (closeAllConnections knows only those still speaking HTTP).
  const sockets = new Set<Socket>();
  for (const each of [server, twin]) {
    each?.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  }
  httpPort = await listen(server);
  if (twin) httpsPort = await listen(twin);

  const tunnel = (req: IncomingMessage, client: Socket, head: Buffer, isTls: boolean) => {
    const user = proxyUser(req);
    requests.push(`${isTls ? 'https:' : ''}connect:${req.url}${user ? ` as ${user}` : ''}`);
    if ((req.url ?? '').startsWith('forbidden.invalid:')) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const port = req.url?.endsWith(':443') && twin ? httpsPort : httpPort;
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  };
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
    tunnel(req, client, head, false),
  );
  twin?.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
    tunnel(req, client, head, true),
  );

  return {
    url: `http://127.0.0.1:${httpPort}`,
    httpsUrl: twin ? `https://127.0.0.1:${httpsPort}` : undefined,
    requests,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        [server, twin].map(
          (each) => each && new Promise<void>((resolve) => each.close(() => resolve())),
        ),
      );
    },
  };
}

function proxyUser(req: IncomingMessage): string | undefined {
  const header = req.headers['proxy-authorization'];
  if (header === undefined) return undefined;
  return Buffer.from(header.replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':')[0];
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
