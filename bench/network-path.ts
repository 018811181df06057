import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that makes loopback look like a real network path between the app
 * and the gateway: every byte is delayed by half the round trip each way (plus optional
 * jitter, order kept), and on command an established connection is black-holed (a firewall or
 * NAT that forgets the flow: bytes vanish, nobody is told), closed (FIN) or reset (RST).
 * TLS passes through untouched: the client still verifies the gateway's certificate end to end.
 * Used by `npm run bench` and by the gateway tests.
 */
export interface NetworkPathOptions {
  readonly targetPort: number;
  readonly targetHost?: string;
  /** Round trip added, in ms (half each way). */
  readonly rttMs: number;
  /** Up to this many ms added at random to each direction's delay. */
  readonly jitterMs?: number;
}

export interface NetworkPath {
  readonly port: number;
  /** The gateway URL through the proxy (the certificate names 127.0.0.1). */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  setRtt(rttMs: number, jitterMs?: number): void;
  /** Black-holes every established connection; returns how many. New connections pass normally. */
  blackHoleAll(): number;
  /**
   * Black-holes only the connection that carried the client's latest bytes (the one in use),
   * sparing the others (a standby kept beside it); returns how many (0 or 1).
   */
  blackHoleLastUsed(): number;
  /**
   * The gateway closes every established connection (FIN), as at its keep-alive limit: from now
   * on nothing the client sends reaches it, and the FIN reaches the client one way later, so a
   * request written meanwhile meets a connection already closed. Returns how many.
   */
  finAll(): number;
  /** The same with a reset (RST), as when the gateway's host restarts. */
  resetAll(): number;
  /** Every established connection still carries requests but loses the answers (a one-way black hole). */
  muteAnswersAll(): number;
  close(): Promise<void>;
}

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  blackHoled: boolean;
  /** The gateway side has closed: the client's bytes go nowhere. */
  closing: boolean;
  answersMuted: boolean;
  /** performance.now() of the client's latest bytes on it. */
  lastClientDataAt: number;
  /** Runs an action after this direction's one-way delay, in order. */
  towardsClient: (action: () => void) => void;
}

/**
 * Runs `action` at `due` (performance.now() time), not at the next whole millisecond. Timers alone fire
 * on whole milliseconds of a loop time that may be stale, an error that would turn a client's
 * extra 0.3 ms of work into a whole millisecond of path delay: the last ~2 ms are waited out
 * turn by turn instead (a short busy wait per forwarded chunk, benchmark only).
 */
function at(due: number, action: () => void): void {
  const wait = due - performance.now();
  if (wait <= 0) action();
  else if (wait > 2) setTimeout(at, wait - 2, due, action);
  else setImmediate(at, due, action);
}

export async function startNetworkPath(options: NetworkPathOptions): Promise<NetworkPath> {
  let rttMs = options.rttMs;
  let jitterMs = options.jitterMs ?? 0;
  let accepted = 0;
  const links = new Set<Link>();
  const oneWay = () => rttMs / 2 + (jitterMs > 0 ? Math.random() * jitterMs : 0);

  /** Forwards from one socket to the other after the one-way delay, in order; a black-holed link forwards nothing. */
  const inOrder = () => {
    let due = 0;
    return (action: () => void) => {
      due = Math.max(due, performance.now() + oneWay());
      at(due, action);
    };
  };
  const forward = (link: Link, from: Socket, to: Socket, later: (action: () => void) => void) => {
    const towardsClient = to === link.client;
    from.on('data', (chunk: Buffer) => {
      if (!towardsClient) link.lastClientDataAt = performance.now();
      if (link.blackHoled || (towardsClient ? link.answersMuted : link.closing)) return;
      later(() => {
        if (!link.blackHoled && !to.destroyed) to.write(chunk);
      });
    });
    from.on('end', () => {
      if (link.blackHoled) return;
      later(() => {
        if (!link.blackHoled && !to.destroyed) to.end();
      });
    });
  };

  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect({ host: options.targetHost ?? '127.0.0.1', port: options.targetPort });
    const link: Link = { client, upstream, blackHoled: false, closing: false, answersMuted: false, lastClientDataAt: 0, towardsClient: inOrder() };
    links.add(link);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    forward(link, client, upstream, inOrder());
    forward(link, upstream, client, link.towardsClient);
    // A black-holed flow tells nobody anything: each side only learns by its own timers. A
    // closing one tells the client when the FIN or RST reaches it (finAll, resetAll).
    client.on('close', () => {
      links.delete(link);
      if (!link.blackHoled) upstream.destroy();
    });
    upstream.on('close', () => {
      if (link.blackHoled || link.closing) return;
      link.closing = true;
      // The gateway's FIN (or its host's RST) reaches the client one way later, like its bytes.
      link.towardsClient(() => client.destroy());
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const each = (act: (link: Link) => void, only?: (links: Link[]) => Link[]) => {
    const current = only ? only([...links]) : [...links];
    for (const link of current) act(link);
    return current.length;
  };
  const blackHoled = new Set<Link>();
  const blackHole = (link: Link) => {
    link.blackHoled = true;
    blackHoled.add(link);
    links.delete(link);
  };

  return {
    port,
    url: `https://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    setRtt(next, jitter = 0) {
      rttMs = next;
      jitterMs = jitter;
    },
    blackHoleAll: () => each(blackHole),
    blackHoleLastUsed: () => each(blackHole, (all) => all.sort((a, b) => b.lastClientDataAt - a.lastClientDataAt).slice(0, 1)),
    finAll: () =>
      each((link) => {
        link.closing = true;
        link.upstream.destroy();
        link.towardsClient(() => link.client.end());
      }),
    resetAll: () =>
      each((link) => {
        link.closing = true;
        link.upstream.destroy();
        link.towardsClient(() => link.client.resetAndDestroy());
      }),
    muteAnswersAll: () =>
      each((link) => {
        link.answersMuted = true;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const link of [...links, ...blackHoled]) {
          link.client.destroy();
          link.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
