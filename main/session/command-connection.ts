/**
 * Whether the gateway client keeps its command connection open. A stop may come any moment
 * while the inspector monitors a call (whisper, listen or insert), so the connection for it is
 * kept warm for exactly that long: the stop then pays no TLS handshake (docs/reliability.md).
 * The session tells this object every snapshot it publishes; the client hears only changes.
 */
import type { SessionSnapshot } from '../../app/whisper';

export class CommandConnectionWarmth {
  private warm = false;

  constructor(private readonly keepWarm: (on: boolean) => void) {}

  /** `signedIn`: the session holds a Guid, so a stop could be sent. */
  follow(snapshot: SessionSnapshot, signedIn: boolean): void {
    const monitoring = snapshot.whisper !== null && signedIn;
    if (monitoring === this.warm) return;
    this.warm = monitoring;
    this.keepWarm(monitoring);
  }
}
