// The messages of one room on screen: events in seq order, then the user's own messages still on their way.
// Each room keeps its own scroll area, swapped in when the room is chosen, so its scroll position stays.

import { avatar, h, linkified, time } from "./dom";
import { EventKind, type ChatEvent, type Member } from "./gen/chat_pb";
import type { PendingMessage, Room } from "./room";

const NoticeIcons: Partial<Record<EventKind, string>> = {
  [EventKind.JOIN]: "→",
  [EventKind.LEAVE]: "←",
  [EventKind.PROFILE]: "✎",
  [EventKind.SYSTEM]: "ℹ",
};

const KindNames: Partial<Record<EventKind, string>> = {
  [EventKind.TEXT]: "text",
  [EventKind.JOIN]: "join",
  [EventKind.LEAVE]: "leave",
  [EventKind.PROFILE]: "profile",
  [EventKind.SYSTEM]: "system",
};

export class RoomView {
  /** The scroll area: the older-history bar, the events, the pending messages. */
  readonly element: HTMLElement;
  private readonly olderBar: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly pendingList: HTMLOListElement;
  private readonly pendingItems = new Map<string, HTMLLIElement>();
  private readonly olderButton: HTMLButtonElement;
  private readonly olderStatus: HTMLElement;

  constructor(
    private readonly room: Room,
    private readonly userId: string,
    onResend: (message: PendingMessage) => void,
  ) {
    this.olderButton = h("button", { type: "button", class: "link" }, "Load older messages");
    this.olderButton.addEventListener("click", () => void this.room.loadOlder());
    this.olderStatus = h("span", { class: "older-status" });
    this.olderBar = h("div", { class: "older" }, this.olderButton, this.olderStatus);
    this.list = h("ol", { class: "events", "aria-label": `Messages in #${room.id}` });
    this.pendingList = h("ol", { class: "events pending", "aria-label": "Messages being sent" });
    this.element = h(
      "div",
      { class: "messages", id: `messages-${room.id}`, role: "log", "aria-live": "polite", tabindex: "0", "data-room": room.id },
      this.olderBar,
      this.list,
      this.pendingList,
    );
    this.element.append(h("p", { class: "placeholder" }, "Connecting…"));
    this.element.addEventListener("scroll", () => {
      if (this.element.scrollTop < 80) {
        void this.room.loadOlder();
      }
    });
    this.pendingList.addEventListener("click", (event) => {
      const button = (event.target as HTMLElement).closest("button[data-resend]");
      const message = button && this.room.pending.get(button.getAttribute("data-resend") ?? "");
      if (message) {
        onResend(message);
      }
    });
    this.updateOlder();
  }

  /** Shows these events from scratch (a join, or a resume that could not recover the gap). */
  reset(events: ChatEvent[], gap: boolean): void {
    this.element.querySelector(".placeholder")?.remove();
    const items = events.map((e) => this.render(e));
    if (gap) {
      items.unshift(h("li", { class: "notice gap" }, "Some messages from while you were away are older than the room keeps; showing the latest."));
    }

    this.list.replaceChildren(...items);
    for (const event of events) {
      this.dropPending(event);
    }

    this.updateOlder();
    this.scrollToEnd();
  }

  append(events: ChatEvent[]): void {
    const stick = this.isNearEnd() || events.some((e) => e.senderId === this.userId && e.kind === EventKind.TEXT);
    for (const event of events) {
      this.dropPending(event);
      this.list.append(this.render(event));
    }

    if (stick) {
      this.scrollToEnd();
    }
  }

  /** Puts an older page above what is shown, keeping what the user looks at in place. */
  prepend(events: ChatEvent[], error?: string): void {
    const fromBottom = this.element.scrollHeight - this.element.scrollTop;
    this.list.prepend(...events.map((e) => this.render(e)));
    this.element.scrollTop = this.element.scrollHeight - fromBottom;
    this.updateOlder(error);
  }

  showPending(message: PendingMessage): void {
    let item = this.pendingItems.get(message.clientMessageId);
    if (!this.room.pending.has(message.clientMessageId)) {
      return;
    }

    if (!item) {
      item = this.message({
        own: true,
        senderId: this.userId,
        name: this.room.members.get(this.userId)?.displayName || this.userId,
        avatarValue: this.room.members.get(this.userId)?.avatar ?? "",
        text: message.text,
        unixMs: Date.now(),
      });
      item.setAttribute("data-client-id", message.clientMessageId);
      this.pendingItems.set(message.clientMessageId, item);
      this.pendingList.append(item);
      this.scrollToEnd();
    }

    item.setAttribute("data-state", message.state);
    const state = item.querySelector(".state");
    if (state) {
      state.replaceChildren(...stateLabel(message));
    }
  }

  /** A member's new name or avatar on the messages shown. */
  updateMember(member: Member): void {
    for (const item of this.element.querySelectorAll<HTMLElement>("li.msg")) {
      if (item.dataset.sender !== member.userId) {
        continue;
      }

      const name = item.querySelector(".name");
      if (name && name.textContent !== member.displayName) {
        name.textContent = member.displayName;
      }

      const current = item.querySelector(".avatar");
      if (current && current.getAttribute("data-value") !== member.avatar) {
        current.replaceWith(this.avatarOf(member.avatar, member.displayName, member.userId));
      }
    }
  }

  updateOlder(error?: string): void {
    const room = this.room;
    this.olderButton.hidden = !room.hasOlder || room.loadingOlder;
    let status = "";
    if (error) {
      status = "Could not load older messages: " + error;
    } else if (room.loadingOlder) {
      status = "Loading older messages…";
    } else if (!room.hasOlder && room.oldestSeq > 1) {
      status = "Older messages are no longer kept.";
    } else if (!room.hasOlder && room.lastSeq > 0) {
      status = `This is the beginning of #${room.id}.`;
    }

    this.olderStatus.textContent = status;
  }

  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private isNearEnd(): boolean {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 120;
  }

  private dropPending(event: ChatEvent): void {
    if (event.kind === EventKind.TEXT && event.senderId === this.userId) {
      this.pendingItems.get(event.clientMessageId)?.remove();
      this.pendingItems.delete(event.clientMessageId);
    }
  }

  private render(event: ChatEvent): HTMLLIElement {
    const seq = String(event.seq);
    if (event.kind === EventKind.TEXT) {
      const own = event.senderId === this.userId;
      const item = this.message({
        own,
        senderId: event.senderId,
        name: event.senderDisplayName || event.senderId,
        avatarValue: event.senderAvatar,
        text: event.text,
        unixMs: Number(event.serverTimeUnixMs),
      });
      item.setAttribute("data-seq", seq);
      if (own) {
        item.setAttribute("data-state", "sent");
        item.setAttribute("data-client-id", event.clientMessageId);
        item.querySelector(".state")?.replaceChildren("Sent ✓");
      }

      return item;
    }

    return h(
      "li",
      { class: "notice", "data-seq": seq, "data-kind": KindNames[event.kind] ?? "event", "data-sender": event.senderId },
      h("span", { class: "icon", "aria-hidden": "true" }, NoticeIcons[event.kind] ?? "•"),
      " ",
      h("span", { class: "text" }, event.text),
      " ",
      time(Number(event.serverTimeUnixMs)),
    );
  }

  private message(m: { own: boolean; senderId: string; name: string; avatarValue: string; text: string; unixMs: number }): HTMLLIElement {
    return h(
      "li",
      { class: m.own ? "msg own" : "msg", "data-sender": m.senderId, "data-kind": "text" },
      this.avatarOf(m.avatarValue, m.name, m.senderId),
      h(
        "div",
        { class: "bubble" },
        h("div", { class: "meta" }, h("span", { class: "name" }, m.name), " ", time(m.unixMs), m.own && h("span", { class: "state" })),
        h("p", { class: "text" }, ...linkified(m.text)),
      ),
    );
  }

  private avatarOf(value: string, name: string, userId: string): HTMLElement {
    const element = avatar(value, name, userId);
    element.setAttribute("data-value", value);
    return element;
  }
}

function stateLabel(message: PendingMessage): (Node | string)[] {
  switch (message.state) {
    case "sending":
      return ["Sending…"];
    case "sent":
      return ["Sent ✓"];
    case "failed":
      return [
        h("span", { class: "error" }, "Not sent: " + (message.error ?? "")),
        " ",
        h("button", { type: "button", class: "link", "data-resend": message.clientMessageId }, "Retry"),
      ];
  }
}
