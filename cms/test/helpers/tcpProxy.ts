/**
 * A TCP proxy between a process under test and a real server (PostgreSQL, Redis) that a test can
 * cut and restore, the ways networks fail:
 *   refuse     the port stops listening and open connections are reset (server down, failover)
 *   blackhole  connections stay open but nothing flows, new ones are accepted and never answered
 *              (partition, dead host behind a firewall): only timeouts can notice
 * `restore()` drops whatever was held during the cut and forwards again on the same port.
 */
import net from 'node:net'

export interface TcpProxy {
  port: number
  cut: (mode: 'refuse' | 'blackhole') => Promise<void>
  restore: () => Promise<void>
  close: () => Promise<void>
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let state: 'open' | 'refuse' | 'blackhole' = 'open'
  const sockets = new Set<net.Socket>()
  const pairs = new Set<[net.Socket, net.Socket]>()
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  const server = net.createServer((client) => {
    track(client)
    if (state !== 'open') return // blackhole: accepted, never answered
    const upstream = net.connect(targetPort, targetHost)
    track(upstream)
    const pair: [net.Socket, net.Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end)
    upstream.on('close', end)
  })
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  await listen(0)
  const port = (server.address() as net.AddressInfo).port
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy()
    pairs.clear()
  }

  return {
    port,
    cut: async (mode) => {
      state = mode
      if (mode === 'refuse') {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        destroyAll()
        await closed
        return
      }
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream)
        upstream.unpipe(client)
        client.pause()
        upstream.pause()
      }
    },
    restore: async () => {
      const wasRefusing = state === 'refuse'
      destroyAll()
      state = 'open'
      if (wasRefusing) await listen(port)
    },
    close: async () => {
      state = 'refuse'
      destroyAll()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
