import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real API server, whose connections a test can
 * cut: the real server has no fault injection, so an outage is made on the way to it.
 * TLS passes through untouched (the serving certificate names 127.0.0.1, whatever port).
 */
export interface SeverableProxy {
  /** `https://127.0.0.1:<port>`, to use in place of the server's URL. */
  readonly url: string;
  /** Closes every open connection and refuses new ones until {@link reconnect}. */
  sever(): void;
  reconnect(): void;
  close(): Promise<void>;
}

export async function startSeverableProxy(
  serverUrl: string,
): Promise<SeverableProxy> {
  const target = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  let severed = false;
  const proxy = net.createServer(client => {
    if (severed) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `https://127.0.0.1:${port}`,
    sever() {
      severed = true;
      destroyAll();
    },
    reconnect() {
      severed = false;
    },
    close() {
      destroyAll();
      return new Promise(resolve => proxy.close(() => resolve()));
    },
  };
}
