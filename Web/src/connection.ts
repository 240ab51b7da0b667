// The page's one Subscribe stream, carrying every room it shows. Browsers speak HTTP/1.1 to the web port, where a
// server stream holds a connection of its own and a browser opens at most 6 per server: a stream per room would
// leave no connection for Send once a user is in 6 rooms (fewer with two tabs). So one stream carries them all.
//
// The set of rooms changes by opening a new stream with every room (each resumed after its last seq, a new one
// joined fresh) and closing the older stream once the new one has answered for every room; until then both run and
// each room drops the events it already has (seq <= its last seq), so nothing is lost or shown twice. A failed stream
// comes back the same way after a backoff, with the banner up meanwhile.

import { Code, ConnectError } from "@connectrpc/connect";
import { describeError, isIdentityError, isTransient, type ChatClient } from "./api";
import type { Welcome } from "./gen/chat_pb";
import type { Room } from "./room";

const FirstRetryDelay = 250;
const MaxRetryDelay = 5000;
// A stream that brings nothing (not even the server's heartbeat, Welcome.heartbeat_interval_ms) for this many
// intervals is taken for dead: a connection can die without closing (a laptop asleep, a NAT entry dropped).
const SilentBeatsBeforeStalled = 3;
// Until the Welcome says otherwise.
const DefaultStallAfterMs = 45_000;

export interface ConnectionListener {
  welcome(welcome: Welcome): void;
  /** The stream's state changed (connected, or failed and waiting to come back). */
  connectionChanged(connection: Connection): void;
  /** The server refused a room (the rest of the stream goes on). */
  roomRefused(roomId: string, reason: string): void;
  /** The user's membership of the room ended elsewhere (Leave in another tab). */
  roomLeft(roomId: string): void;
  identityRejected(error: unknown): void;
}

export class Connection {
  /** Non-empty while the stream is down: why. */
  lastError = "";
  /** When the next attempt starts (ms since the epoch), while waiting. */
  retryAt = 0;
  waiting = false;

  private generation = 0;
  private readonly open = new Map<number, AbortController>();
  private failures = 0;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: ChatClient,
    private readonly rooms: () => Room[],
    private readonly lookup: (roomId: string) => Room | undefined,
    private readonly listener: ConnectionListener,
  ) {}

  /** A stream is being opened after a failure (lastError is set), as opposed to given up on. */
  get reconnecting(): boolean {
    return this.open.size > 0 || this.waiting;
  }

  /** (Re)subscribes with the rooms as they are now: on start and whenever a room is added. */
  refresh(): void {
    if (this.closed) {
      return;
    }

    if (this.waiting) {
      // The next attempt takes every room anyway: make it now.
      this.retryNow();
      return;
    }

    void this.run();
  }

  /** Ends the wait before the next attempt (or tries again after a failure that does not retry by itself). */
  retryNow(): void {
    if (this.wake) {
      this.wake();
    } else if (!this.closed && this.lastError.length > 0 && this.open.size === 0) {
      void this.run();
    }
  }

  close(): void {
    this.closed = true;
    for (const abort of this.open.values()) {
      abort.abort();
    }

    this.open.clear();
    this.wake?.();
  }

  private async run(): Promise<void> {
    const generation = ++this.generation;
    const rooms = this.rooms();
    this.closeOlderThan(generation);
    if (rooms.length === 0) {
      this.setUp();
      return;
    }

    const abort = new AbortController();
    this.open.set(generation, abort);
    let stallAfterMs = DefaultStallAfterMs;
    let stalled = false;
    let watchdog: number | undefined;
    const heard = () => {
      window.clearTimeout(watchdog);
      watchdog = window.setTimeout(() => {
        stalled = true;
        abort.abort();
      }, stallAfterMs);
    };
    // Frames go to the rooms this stream asked for, while the page still shows them (not to a room left and joined again).
    const mine = new Map(rooms.map((r) => [r.id, r]));
    const route = (roomId: string) => {
      const room = mine.get(roomId);
      return room !== undefined && this.lookup(roomId) === room ? room : undefined;
    };
    const unanswered = new Set(rooms.map((r) => r.id));
    const resumed = new Set(rooms.filter((r) => r.lastSeq > 0).map((r) => r.id));
    const answered = (roomId: string) => {
      unanswered.delete(roomId);
      if (unanswered.size === 0) {
        // Caught up: older streams have nothing this one does not bring.
        this.closeOlderThan(generation);
        if (generation === this.generation) {
          this.setUp();
        }
      }
    };

    try {
      heard();
      const frames = this.client.subscribe({ rooms: rooms.map((r) => r.joinRequest()) }, { signal: abort.signal });
      for await (const frame of frames) {
        const kind = frame.kind;
        if (kind.case === "welcome" && kind.value.heartbeatIntervalMs > 0) {
          stallAfterMs = kind.value.heartbeatIntervalMs * SilentBeatsBeforeStalled;
        }

        heard();
        switch (kind.case) {
          case "welcome":
            this.listener.welcome(kind.value);
            break;
          case "joined":
            if (unanswered.has(kind.value.roomId)) {
              route(kind.value.roomId)?.onJoined(kind.value, resumed.has(kind.value.roomId));
              answered(kind.value.roomId);
            }

            break;
          case "event":
            route(kind.value.roomId)?.onEvents([kind.value]);
            break;
          case "presence":
            if (kind.value.member) {
              route(kind.value.roomId)?.onPresence(kind.value.member);
            }

            break;
          case "typing":
            route(kind.value.roomId)?.onTyping(kind.value.userId, kind.value.typing);
            break;
          case "left":
            // Only the newest stream speaks for the membership (an older one may still hold a left-and-rejoined room).
            if (generation === this.generation) {
              this.listener.roomLeft(kind.value.roomId);
            }

            break;
          case "error":
            if (kind.value.roomId.length > 0 && unanswered.has(kind.value.roomId)) {
              this.listener.roomRefused(kind.value.roomId, describeError(new ConnectError(kind.value.message, kind.value.code as Code)));
              answered(kind.value.roomId);
            }

            break;
        }
      }

      throw new ConnectError("the server ended the stream", Code.Unavailable);
    } catch (caught) {
      this.open.delete(generation);
      const error = stalled ? new ConnectError(`no word from the server for ${Math.round(stallAfterMs / 1000)} s`, Code.Unavailable) : caught;
      if ((abort.signal.aborted && !stalled) || this.closed || generation !== this.generation) {
        // Replaced by a newer stream, or closed: nothing to do.
        return;
      }

      if (isIdentityError(error)) {
        this.close();
        this.listener.identityRejected(error);
        return;
      }

      this.closeOlderThan(generation);
      this.lastError = describeError(error);
      if (!isTransient(error)) {
        // E.g. too many rooms for one stream: waiting will not help, but a change of rooms might.
        this.setDown(false);
        return;
      }

      await this.backOff(generation);
    } finally {
      window.clearTimeout(watchdog);
    }
  }

  private async backOff(generation: number): Promise<void> {
    this.failures++;
    const delay = Math.min(MaxRetryDelay, FirstRetryDelay * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
    this.retryAt = Date.now() + delay;
    this.setDown(true);
    await new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, delay);
      this.wake = () => {
        window.clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.waiting = false;
    if (!this.closed && generation === this.generation) {
      this.listener.connectionChanged(this);
      void this.run();
    }
  }

  private closeOlderThan(generation: number): void {
    for (const [g, abort] of this.open) {
      if (g < generation) {
        abort.abort();
        this.open.delete(g);
      }
    }
  }

  private setUp(): void {
    this.failures = 0;
    this.lastError = "";
    this.waiting = false;
    for (const room of this.rooms()) {
      room.setLive(true);
    }

    this.listener.connectionChanged(this);
  }

  private setDown(waiting: boolean): void {
    this.waiting = waiting;
    for (const room of this.rooms()) {
      room.setLive(false);
    }

    this.listener.connectionChanged(this);
  }
}
