import net from "node:net";

/**
 * A minimal TCP load balancer for trying the cluster locally (`npm run start:cluster`) and for multi-process
 * tests: each incoming connection goes to the first backend in `order()` that accepts it (a dead process is
 * skipped, as a real balancer's health check would). Over WebSocket one socket.io client is one TCP connection,
 * so a client stays on one process until it drops. Not for production: use a real load balancer there.
 */
export async function startBalancer(
  order: () => number[],
  listen: { port?: number; host?: string } = {},
): Promise<{ url: string; port: number; dropAll(): void; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const ports = order();
    const tryNext = (i: number) => {
      if (i >= ports.length) return client.destroy();
      const backend = net.connect(ports[i]!, "127.0.0.1");
      backend.once("error", () => tryNext(i + 1));
      backend.once("connect", () => {
        backend.removeAllListeners("error");
        open.add(backend);
        backend.on("close", () => open.delete(backend));
        backend.on("error", () => client.destroy());
        client.on("error", () => backend.destroy());
        client.pipe(backend).pipe(client);
        client.resume();
      });
    };
    tryNext(0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, listen.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    /** Cuts every open connection (a flaky network, in tests); clients reconnect through the balancer. */
    dropAll: () => {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
