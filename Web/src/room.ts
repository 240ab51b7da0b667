// One room the user is in: what the page knows of it (last seq, members, typing, unread count) and the user's
// messages on their way (sending -> sent on the Ack, matched to the room's event by client_message_id). Its events
// come from the page's stream (connection.ts), which resumes each room after its last seq.

import { describeError, isIdentityError, isTransient, newClientMessageId, type ChatClient } from "./api";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { EventKind, type ChatEvent, type Joined, type JoinRoomSchema, type Member } from "./gen/chat_pb";

/** Messages asked for on a fresh join and per page of older history. */
export const HistoryPage = 50;

const TypingShownFor = 6000;

export type PendingState = "sending" | "sent" | "failed";

/** One of the user's own messages until the room's event for it arrives. */
export interface PendingMessage {
  readonly clientMessageId: string;
  readonly text: string;
  state: PendingState;
  seq?: number;
  error?: string;
  inFlight: boolean;
}

/** What a room tells the page. */
export interface RoomListener {
  /** Shows these events from scratch: a fresh join, or a resume whose gap was older than the history window. */
  roomReset(room: Room, events: ChatEvent[], gap: boolean): void;
  /** New events, in seq order, each exactly once. */
  roomEvents(room: Room, events: ChatEvent[]): void;
  /** An older page of history (seq below everything shown): empty while it loads, when there is none, or on error. */
  roomOlder(room: Room, events: ChatEvent[], error?: string): void;
  roomMembers(room: Room, changed?: Member): void;
  roomTyping(room: Room): void;
  roomPending(room: Room, message: PendingMessage): void;
  /** The server no longer accepts the user's identity (e.g. the token expired). */
  identityRejected(error: unknown): void;
}

export class Room {
  readonly members = new Map<string, Member>();
  readonly pending = new Map<string, PendingMessage>();
  readonly typing = new Map<string, number>();
  /** The last seq seen: what a resume asks to continue after. 0 before the first join. */
  lastSeq = 0;
  /** The lowest seq shown; older pages are asked for below it. */
  oldestSeq = 0;
  hasOlder = false;
  loadingOlder = false;
  unread = 0;

  private readSeq: number | undefined;
  private closed = false;
  private live = false;
  private typingTimer: number | undefined;
  private membersRefresh: number | undefined;

  constructor(
    readonly id: string,
    private readonly userId: string,
    private readonly client: ChatClient,
    private readonly listener: RoomListener,
  ) {
    const stored = localStorage.getItem(this.readKey);
    this.readSeq = stored === null ? undefined : Number(stored);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** What the page's stream asks for this room: a fresh join, or a resume after the last seq seen. */
  joinRequest(): MessageInitShape<typeof JoinRoomSchema> {
    return { roomId: this.id, historyLimit: HistoryPage, resumeAfterSeq: this.lastSeq > 0 ? BigInt(this.lastSeq) : undefined };
  }

  /** The page's stream is up (the room's missed events are in) or down; messages waiting go once it is up. */
  setLive(live: boolean): void {
    this.live = live;
    if (live) {
      this.sendPending();
    }
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.typingTimer);
    window.clearTimeout(this.membersRefresh);
  }

  /** Leaves the room for good (the page stops showing it). */
  async leave(): Promise<void> {
    await this.client.leave({ roomId: this.id });
    this.close();
  }

  /** Sends a message; it shows as sending until the server acknowledges it. */
  send(text: string): PendingMessage {
    const message: PendingMessage = { clientMessageId: newClientMessageId(), text, state: "sending", inFlight: false };
    this.pending.set(message.clientMessageId, message);
    this.listener.roomPending(this, message);
    if (this.live) {
      void this.trySend(message);
    }

    return message;
  }

  /** Sends a failed message again, with the same client_message_id (the server stores it once). */
  resend(message: PendingMessage): void {
    message.state = "sending";
    message.error = undefined;
    this.listener.roomPending(this, message);
    if (this.live) {
      void this.trySend(message);
    }
  }

  setTyping(typing: boolean): void {
    this.client.setTyping({ roomId: this.id, typing }).catch(() => {
      // Best effort: a lost typing notice is not worth a word.
    });
  }

  /** Everything up to the last seq seen is read (the room is on screen). */
  markRead(): void {
    if (this.unread === 0 && this.readSeq === this.lastSeq) {
      return;
    }

    this.unread = 0;
    this.readSeq = this.lastSeq;
    localStorage.setItem(this.readKey, String(this.lastSeq));
  }

  /** Fetches the page of history before the oldest event shown (GetHistory with before_seq). */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasOlder) {
      return;
    }

    this.loadingOlder = true;
    this.listener.roomOlder(this, []);
    try {
      const response = await this.client.getHistory({ roomId: this.id, limit: HistoryPage, beforeSeq: BigInt(this.oldestSeq) });
      const older = response.events.filter((e) => Number(e.seq) < this.oldestSeq);
      if (older.length === 0) {
        this.hasOlder = false;
      } else {
        this.oldestSeq = Number(older[0].seq);
        this.hasOlder = this.oldestSeq > 1;
      }

      this.loadingOlder = false;
      this.listener.roomOlder(this, older);
    } catch (error) {
      this.loadingOlder = false;
      this.listener.roomOlder(this, [], describeError(error));
    }
  }

  private get readKey(): string {
    return `orleanschat:read:${this.userId}:${this.id}`;
  }

  /** The room answered the page's stream: a fresh join, or (resumed) exactly the events after the last seq seen. */
  onJoined(joined: Joined, resumed: boolean): void {
    this.members.clear();
    for (const member of joined.members) {
      this.members.set(member.userId, member);
    }

    const lastSeq = Number(joined.lastSeq);
    if (resumed && joined.recovered) {
      // Exactly the events missed while away.
      this.onEvents(joined.history);
      this.lastSeq = Math.max(this.lastSeq, lastSeq);
    } else {
      // A fresh join, or the gap is older than the history window: start over from what the server has.
      const history = joined.history;
      this.lastSeq = Math.max(lastSeq, history.length > 0 ? Number(history[history.length - 1].seq) : 0);
      this.oldestSeq = history.length > 0 ? Number(history[0].seq) : this.lastSeq + 1;
      this.hasOlder = this.oldestSeq > 1;
      if (this.readSeq === undefined) {
        // First time here: nothing before now counts as unread.
        this.markRead();
      }

      this.unread = history.filter((e) => this.isUnread(e)).length;
      for (const event of history) {
        this.matchPending(event);
      }

      this.listener.roomReset(this, history, resumed);
    }

    this.listener.roomMembers(this);
  }

  /** Events of the room in seq order; those already seen (seq <= last seq) are dropped. */
  onEvents(events: ChatEvent[]): void {
    if (this.closed) {
      return;
    }

    const fresh = events.filter((e) => Number(e.seq) > this.lastSeq);
    if (fresh.length === 0) {
      return;
    }

    let membershipChanged = false;
    for (const event of fresh) {
      this.lastSeq = Number(event.seq);
      if (this.isUnread(event)) {
        this.unread++;
      }

      if (event.kind === EventKind.TEXT && this.typing.delete(event.senderId)) {
        this.listener.roomTyping(this);
      }

      membershipChanged ||= event.kind === EventKind.LEAVE || event.kind === EventKind.JOIN;
      this.matchPending(event);
    }

    this.listener.roomEvents(this, fresh);
    if (membershipChanged) {
      this.refreshMembersSoon();
    }
  }

  private isUnread(event: ChatEvent): boolean {
    return event.kind === EventKind.TEXT && event.senderId !== this.userId && Number(event.seq) > (this.readSeq ?? 0);
  }

  private matchPending(event: ChatEvent): void {
    if (event.kind === EventKind.TEXT && event.senderId === this.userId) {
      this.pending.delete(event.clientMessageId);
    }
  }

  // A LEAVE is a disconnect or the end of a membership: the member list tells which.
  private refreshMembersSoon(): void {
    window.clearTimeout(this.membersRefresh);
    this.membersRefresh = window.setTimeout(async () => {
      try {
        const response = await this.client.listMembers({ roomId: this.id });
        if (this.closed) {
          return;
        }

        this.members.clear();
        for (const member of response.members) {
          this.members.set(member.userId, member);
        }

        this.listener.roomMembers(this);
      } catch {
        // The presence frames keep the list close enough until the next refresh.
      }
    }, 300);
  }

  onPresence(member: Member): void {
    this.members.set(member.userId, member);
    this.listener.roomMembers(this, member);
  }

  onTyping(userId: string, typing: boolean): void {
    if (userId === this.userId || this.closed) {
      return;
    }

    if (typing) {
      this.typing.set(userId, Date.now() + TypingShownFor);
    } else {
      this.typing.delete(userId);
    }

    this.listener.roomTyping(this);
    this.scheduleTypingExpiry();
  }

  private scheduleTypingExpiry(): void {
    window.clearTimeout(this.typingTimer);
    if (this.typing.size === 0) {
      return;
    }

    const next = Math.min(...this.typing.values());
    this.typingTimer = window.setTimeout(() => {
      const now = Date.now();
      for (const [userId, until] of this.typing) {
        if (until <= now) {
          this.typing.delete(userId);
        }
      }

      this.listener.roomTyping(this);
      this.scheduleTypingExpiry();
    }, Math.max(0, next - Date.now()) + 50);
  }

  private sendPending(): void {
    for (const message of this.pending.values()) {
      if (message.state === "sending" && !message.inFlight) {
        void this.trySend(message);
      }
    }
  }

  private async trySend(message: PendingMessage): Promise<void> {
    if (message.inFlight) {
      return;
    }

    message.inFlight = true;
    try {
      const ack = await this.client.send({ roomId: this.id, clientMessageId: message.clientMessageId, text: message.text });
      if (this.pending.has(message.clientMessageId)) {
        message.state = "sent";
        message.seq = Number(ack.seq);
        this.listener.roomPending(this, message);
      }
    } catch (error) {
      if (isIdentityError(error)) {
        this.listener.identityRejected(error);
      } else if (isTransient(error)) {
        // Kept as sending: it goes again once the room's stream is back (same client_message_id: stored once).
        message.error = describeError(error);
        if (this.live) {
          window.setTimeout(() => {
            if (!this.closed && message.state === "sending") {
              void this.trySend(message);
            }
          }, 1000);
        }
      } else {
        message.state = "failed";
        message.error = describeError(error);
        this.listener.roomPending(this, message);
      }
    } finally {
      message.inFlight = false;
    }
  }
}
