/**
 * Counts a gateway client's completed TLS handshakes from outside, through the diagnostic hook
 * it is built with (GatewayClientOptions.onHandshake): the client itself keeps no count.
 *   const handshakes = handshakeCounter();
 *   const client = new GatewayClient({ ...options, onHandshake: handshakes.onHandshake });
 *   expect(handshakes.count()).toBe(1);
 */
export interface HandshakeCounter {
  readonly onHandshake: () => void;
  count(): number;
}

export function handshakeCounter(): HandshakeCounter {
  let completed = 0;
  return {
    onHandshake: () => {
      completed += 1;
    },
    count: () => completed,
  };
}
