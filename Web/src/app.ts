// The signed-in page: rooms (with unread counts), the chosen room's messages, members and typing, the composer,
// the profile editor and the connection banner. Rooms run themselves (room.ts); this class shows them.

import { checkRoomId, describeError, type ChatClient } from "./api";
import { avatar, byId, h } from "./dom";
import { Connection, type ConnectionListener } from "./connection";
import type { ChatEvent, Member, Profile, Welcome } from "./gen/chat_pb";
import { Room, type PendingMessage, type RoomListener } from "./room";
import { RoomView } from "./roomView";

const TypingRefresh = 3000;
const TypingIdle = 4000;
const ActiveRoomKey = "orleanschat:active-room";
// The server's default limit of rooms per stream (GatewayOptions.MaxRoomsPerConnection).
const MaxRooms = 50;

interface RoomEntry {
  readonly room: Room;
  readonly view: RoomView;
}

export class ChatApp implements RoomListener, ConnectionListener {
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly connection: Connection;
  private readonly listeners = new AbortController();
  private readonly encoder = new TextEncoder();
  private active: RoomEntry | undefined;
  private maxMessageBytes = 4096;
  private typingRoom: Room | undefined;
  private typingSentAt = 0;
  private typingIdle: number | undefined;
  private bannerTimer: number | undefined;

  private readonly ui = {
    chat: byId("chat", HTMLDivElement),
    roomList: byId("room-list", HTMLUListElement),
    joinForm: byId("join-form", HTMLFormElement),
    joinRoom: byId("join-room", HTMLInputElement),
    joinError: byId("join-error", HTMLParagraphElement),
    profileAvatar: byId("profile-avatar", HTMLSpanElement),
    profileName: byId("profile-name", HTMLSpanElement),
    profileId: byId("profile-id", HTMLSpanElement),
    profileEdit: byId("profile-edit", HTMLButtonElement),
    profileForm: byId("profile-form", HTMLFormElement),
    profileDisplayName: byId("profile-display-name", HTMLInputElement),
    profileAvatarInput: byId("profile-avatar-input", HTMLInputElement),
    profileError: byId("profile-error", HTMLParagraphElement),
    profileSave: byId("profile-save", HTMLButtonElement),
    profileCancel: byId("profile-cancel", HTMLButtonElement),
    signOut: byId("sign-out", HTMLButtonElement),
    openRooms: byId("open-rooms", HTMLButtonElement),
    closeRooms: byId("close-rooms", HTMLButtonElement),
    unreadTotal: byId("unread-total", HTMLSpanElement),
    openMembers: byId("open-members", HTMLButtonElement),
    closeMembers: byId("close-members", HTMLButtonElement),
    roomTitle: byId("room-title", HTMLHeadingElement),
    roomSummary: byId("room-summary", HTMLSpanElement),
    leaveRoom: byId("leave-room", HTMLButtonElement),
    banner: byId("banner", HTMLDivElement),
    bannerText: byId("banner-text", HTMLSpanElement),
    bannerRetry: byId("banner-retry", HTMLButtonElement),
    messageArea: byId("message-area", HTMLDivElement),
    emptyState: byId("empty-state", HTMLDivElement),
    typing: byId("typing", HTMLParagraphElement),
    composer: byId("composer", HTMLFormElement),
    composerText: byId("composer-text", HTMLTextAreaElement),
    composerSend: byId("composer-send", HTMLButtonElement),
    composerError: byId("composer-error", HTMLParagraphElement),
    memberList: byId("member-list", HTMLUListElement),
  };

  constructor(
    private readonly client: ChatClient,
    private profile: Profile,
    private readonly signOut: (message?: string) => void,
  ) {
    this.connection = new Connection(client, () => [...this.rooms.values()].map((e) => e.room), (id) => this.rooms.get(id)?.room, this);
    this.wire();
  }

  private get userId(): string {
    return this.profile.userId;
  }

  /** Shows the page and opens a stream for each room the user is a member of. */
  start(roomIds: string[]): void {
    this.ui.chat.hidden = false;
    this.renderProfile();
    for (const roomId of roomIds) {
      this.addRoom(roomId);
    }

    this.connection.refresh();
    const stored = sessionStorage.getItem(ActiveRoomKey);
    const first = (stored && this.rooms.get(stored)) || this.rooms.values().next().value;
    this.select(first);
    (this.active ? this.ui.composerText : this.ui.joinRoom).focus();
  }

  /** Closes every stream and takes the page down (sign-out, or the identity was refused). */
  dispose(): void {
    this.stopTyping();
    this.connection.close();
    for (const { room } of this.rooms.values()) {
      room.close();
    }

    this.rooms.clear();
    this.listeners.abort();
    window.clearInterval(this.bannerTimer);
    this.ui.chat.hidden = true;
    this.ui.roomList.replaceChildren();
    this.ui.memberList.replaceChildren();
    this.ui.messageArea.replaceChildren(this.ui.emptyState);
    this.ui.banner.hidden = true;
    this.ui.profileForm.hidden = true;
    document.title = "OrleansChat";
  }

  // ------------------------------------------------------------------ ConnectionListener

  welcome(welcome: Welcome): void {
    this.maxMessageBytes = welcome.maxMessageBytes || this.maxMessageBytes;
  }

  connectionChanged(): void {
    this.renderBanner();
  }

  roomRefused(roomId: string, reason: string): void {
    this.removeRoom(roomId);
    this.showError(this.ui.joinError, reason);
  }

  roomLeft(roomId: string): void {
    if (this.rooms.has(roomId)) {
      this.removeRoom(roomId);
      this.showError(this.ui.joinError, `You left #${roomId} (in another tab or app).`);
    }
  }

  identityRejected(error: unknown): void {
    this.signOut(describeError(error));
  }

  // ------------------------------------------------------------------ RoomListener

  roomReset(room: Room, events: ChatEvent[], gap: boolean): void {
    this.entry(room)?.view.reset(events, gap);
    this.roomChanged(room);
  }

  roomEvents(room: Room, events: ChatEvent[]): void {
    this.entry(room)?.view.append(events);
    this.roomChanged(room);
  }

  roomOlder(room: Room, events: ChatEvent[], error?: string): void {
    this.entry(room)?.view.prepend(events, error);
  }

  roomMembers(room: Room, changed?: Member): void {
    const entry = this.entry(room);
    if (!entry) {
      return;
    }

    if (changed) {
      entry.view.updateMember(changed);
    }

    if (entry === this.active) {
      this.renderMembers();
      this.renderHeader();
      this.renderTyping();
    }
  }

  roomTyping(room: Room): void {
    if (this.entry(room) === this.active) {
      this.renderTyping();
    }
  }

  roomPending(room: Room, message: PendingMessage): void {
    this.entry(room)?.view.showPending(message);
  }

  // ------------------------------------------------------------------ rooms

  private entry(room: Room): RoomEntry | undefined {
    const entry = this.rooms.get(room.id);
    return entry?.room === room ? entry : undefined;
  }

  private addRoom(roomId: string): RoomEntry {
    const room = new Room(roomId, this.userId, this.client, this);
    const view = new RoomView(room, this.userId, (message) => room.resend(message));
    const entry = { room, view };
    this.rooms.set(roomId, entry);
    this.renderRooms();
    return entry;
  }

  private removeRoom(roomId: string): void {
    const entry = this.rooms.get(roomId);
    if (!entry) {
      return;
    }

    entry.room.close();
    this.rooms.delete(roomId);
    if (this.rooms.size === 0) {
      // Nothing left to follow: close the stream. (With rooms left it goes on; the left room's events are ignored.)
      this.connection.refresh();
    }

    if (this.active === entry) {
      this.select(this.rooms.values().next().value);
    }

    this.renderRooms();
    this.renderBanner();
  }

  private select(entry: RoomEntry | undefined): void {
    if (this.typingRoom && this.typingRoom !== entry?.room) {
      this.stopTyping();
    }

    this.active = entry;
    if (entry) {
      sessionStorage.setItem(ActiveRoomKey, entry.room.id);
      this.ui.messageArea.replaceChildren(entry.view.element);
      this.markActiveRead();
    } else {
      this.ui.messageArea.replaceChildren(this.ui.emptyState);
    }

    this.ui.composerText.disabled = !entry;
    this.ui.composerSend.disabled = !entry;
    this.ui.leaveRoom.disabled = !entry;
    this.ui.composerText.placeholder = entry ? `Message #${entry.room.id}` : "Join a room to write";
    this.ui.composerError.hidden = true;
    this.renderRooms();
    this.renderHeader();
    this.renderMembers();
    this.renderTyping();
  }

  private roomChanged(room: Room): void {
    if (this.entry(room) === this.active) {
      this.markActiveRead();
      this.renderHeader();
    }

    this.renderRooms();
  }

  private markActiveRead(): void {
    if (this.active && document.visibilityState === "visible") {
      this.active.room.markRead();
    }
  }

  private async join(roomId: string): Promise<void> {
    const problem = checkRoomId(roomId);
    if (problem) {
      this.showError(this.ui.joinError, problem);
      return;
    }

    let entry = this.rooms.get(roomId);
    if (!entry && this.rooms.size >= MaxRooms) {
      this.showError(this.ui.joinError, `You are in ${this.rooms.size} rooms, the most one page can follow: leave one first.`);
      return;
    }

    this.ui.joinError.hidden = true;
    this.ui.joinRoom.value = "";
    if (!entry) {
      entry = this.addRoom(roomId);
      this.connection.refresh();
    }

    this.select(entry);
    this.closePanels();
    this.ui.composerText.focus();
  }

  private async leave(): Promise<void> {
    const entry = this.active;
    if (!entry) {
      return;
    }

    this.ui.leaveRoom.disabled = true;
    try {
      await entry.room.leave();
      localStorage.removeItem(`orleanschat:read:${this.userId}:${entry.room.id}`);
      this.removeRoom(entry.room.id);
      (this.active ? this.ui.composerText : this.ui.joinRoom).focus();
    } catch (error) {
      this.showError(this.ui.composerError, `Could not leave #${entry.room.id}: ${describeError(error)}`);
      this.ui.leaveRoom.disabled = false;
    }
  }

  // ------------------------------------------------------------------ composer

  private submitMessage(): void {
    const entry = this.active;
    const text = this.ui.composerText.value;
    if (!entry || text.trim().length === 0) {
      return;
    }

    const size = this.encoder.encode(text).length;
    if (size > this.maxMessageBytes) {
      this.showError(this.ui.composerError, `The message is ${size} bytes; the server takes at most ${this.maxMessageBytes}.`);
      return;
    }

    this.ui.composerError.hidden = true;
    this.stopTyping();
    entry.room.send(text);
    this.ui.composerText.value = "";
    this.fitComposer();
  }

  private composerInput(): void {
    this.fitComposer();
    const room = this.active?.room;
    if (!room || this.ui.composerText.value.trim().length === 0) {
      this.stopTyping();
      return;
    }

    const now = Date.now();
    if (this.typingRoom !== room || now - this.typingSentAt > TypingRefresh) {
      room.setTyping(true);
      this.typingRoom = room;
      this.typingSentAt = now;
    }

    window.clearTimeout(this.typingIdle);
    this.typingIdle = window.setTimeout(() => this.stopTyping(), TypingIdle);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingIdle);
    if (this.typingRoom) {
      if (!this.typingRoom.isClosed) {
        this.typingRoom.setTyping(false);
      }

      this.typingRoom = undefined;
      this.typingSentAt = 0;
    }
  }

  private fitComposer(): void {
    const text = this.ui.composerText;
    text.style.height = "auto";
    text.style.height = Math.min(text.scrollHeight, 160) + "px";
  }

  // ------------------------------------------------------------------ profile

  private openProfileForm(): void {
    this.ui.profileDisplayName.value = this.profile.displayName;
    this.ui.profileAvatarInput.value = this.profile.avatar;
    this.ui.profileError.hidden = true;
    this.ui.profileForm.hidden = false;
    this.ui.profileEdit.setAttribute("aria-expanded", "true");
    this.ui.profileDisplayName.focus();
  }

  private closeProfileForm(): void {
    this.ui.profileForm.hidden = true;
    this.ui.profileEdit.setAttribute("aria-expanded", "false");
    this.ui.profileEdit.focus();
  }

  private async saveProfile(): Promise<void> {
    const displayName = this.ui.profileDisplayName.value.trim();
    const avatarValue = this.ui.profileAvatarInput.value.trim();
    this.ui.profileSave.disabled = true;
    try {
      this.profile = await this.client.updateProfile({ displayName: displayName || this.userId, avatar: avatarValue });
      this.renderProfile();
      this.closeProfileForm();
    } catch (error) {
      this.showError(this.ui.profileError, describeError(error));
    } finally {
      this.ui.profileSave.disabled = false;
    }
  }

  // ------------------------------------------------------------------ rendering

  private renderProfile(): void {
    this.ui.profileAvatar.replaceChildren(avatar(this.profile.avatar, this.profile.displayName, this.userId));
    this.ui.profileName.textContent = this.profile.displayName || this.userId;
    this.ui.profileId.textContent = "@" + this.userId;
  }

  private renderRooms(): void {
    let unreadTotal = 0;
    const items = [...this.rooms.values()]
      .sort((a, b) => a.room.id.localeCompare(b.room.id))
      .map((entry) => {
        const { room } = entry;
        const current = entry === this.active;
        const unread = current ? 0 : room.unread;
        unreadTotal += unread;
        const button = h(
          "button",
          { type: "button", class: "room", "data-room": room.id, "aria-current": current ? "true" : undefined },
          h("span", { class: "room-name" }, "#" + room.id),
          unread > 0 && h("span", { class: "badge", "aria-label": `${unread} unread` }, String(unread)),
        );
        button.addEventListener("click", () => {
          this.select(entry);
          this.closePanels();
        });
        return h("li", {}, button);
      });
    const focused = document.activeElement instanceof HTMLElement && this.ui.roomList.contains(document.activeElement)
      ? document.activeElement.getAttribute("data-room")
      : null;
    this.ui.roomList.replaceChildren(...items);
    if (focused) {
      this.ui.roomList.querySelector<HTMLButtonElement>(`button[data-room="${CSS.escape(focused)}"]`)?.focus();
    }

    this.ui.unreadTotal.hidden = unreadTotal === 0;
    this.ui.unreadTotal.textContent = String(unreadTotal);
    const where = this.active ? `#${this.active.room.id} — ` : "";
    document.title = (unreadTotal > 0 ? `(${unreadTotal}) ` : "") + where + "OrleansChat";
  }

  private renderHeader(): void {
    const room = this.active?.room;
    this.ui.roomTitle.textContent = room ? "#" + room.id : "No room yet";
    if (!room) {
      this.ui.roomSummary.textContent = "";
      return;
    }

    const members = [...room.members.values()];
    const online = members.filter((m) => m.online).length;
    this.ui.roomSummary.textContent = `${members.length} ${members.length === 1 ? "member" : "members"}, ${online} online`;
  }

  private renderMembers(): void {
    const room = this.active?.room;
    const members = room ? [...room.members.values()] : [];
    members.sort((a, b) => Number(b.online) - Number(a.online) || (a.displayName || a.userId).localeCompare(b.displayName || b.userId));
    this.ui.memberList.replaceChildren(
      ...members.map((m) =>
        h(
          "li",
          { class: m.online ? "member online" : "member", "data-user": m.userId, "data-online": String(m.online) },
          avatar(m.avatar, m.displayName, m.userId),
          h("span", { class: "name" }, m.displayName || m.userId),
          m.userId === this.userId && h("span", { class: "hint" }, " (you)"),
          h("span", { class: "presence", title: m.online ? "online" : "offline" }, h("span", { class: "visually-hidden" }, m.online ? "online" : "offline")),
        ),
      ),
    );
  }

  private renderTyping(): void {
    const room = this.active?.room;
    const names = room ? [...room.typing.keys()].map((id) => room.members.get(id)?.displayName || id) : [];
    let text = "";
    if (names.length === 1) {
      text = `${names[0]} is typing…`;
    } else if (names.length === 2) {
      text = `${names[0]} and ${names[1]} are typing…`;
    } else if (names.length > 2) {
      text = "Several people are typing…";
    }

    this.ui.typing.textContent = text;
  }

  private renderBanner(): void {
    const connection = this.connection;
    const down = connection.lastError.length > 0;
    this.ui.banner.hidden = !down;
    if (!down) {
      window.clearInterval(this.bannerTimer);
      this.bannerTimer = undefined;
      return;
    }

    const seconds = connection.waiting ? Math.ceil((connection.retryAt - Date.now()) / 1000) : 0;
    this.ui.bannerText.textContent = "Disconnected from the chat server. " + (seconds > 0
      ? `Reconnecting in ${seconds} s…`
      : connection.reconnecting ? "Reconnecting…" : connection.lastError);
    this.ui.bannerText.title = connection.lastError;
    this.bannerTimer ??= window.setInterval(() => this.renderBanner(), 1000);
  }

  private showError(element: HTMLElement, text: string): void {
    element.textContent = text;
    element.hidden = false;
  }

  private togglePanel(panel: "rooms-open" | "members-open", open: boolean): void {
    this.ui.chat.classList.toggle(panel, open);
    const button = panel === "rooms-open" ? this.ui.openRooms : this.ui.openMembers;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      (panel === "rooms-open" ? this.ui.closeRooms : this.ui.closeMembers).focus();
    }
  }

  private closePanels(): void {
    this.togglePanel("rooms-open", false);
    this.togglePanel("members-open", false);
  }

  private wire(): void {
    const signal = this.listeners.signal;
    const on = <K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, handler: (event: HTMLElementEventMap[K]) => void) =>
      target.addEventListener(type, handler, { signal });

    on(this.ui.joinForm, "submit", (event) => {
      event.preventDefault();
      void this.join(this.ui.joinRoom.value.trim());
    });
    on(this.ui.leaveRoom, "click", () => void this.leave());
    on(this.ui.composer, "submit", (event) => {
      event.preventDefault();
      this.submitMessage();
    });
    on(this.ui.composerText, "keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitMessage();
      }
    });
    on(this.ui.composerText, "input", () => this.composerInput());
    on(this.ui.composerText, "blur", () => this.stopTyping());
    on(this.ui.profileEdit, "click", () => (this.ui.profileForm.hidden ? this.openProfileForm() : this.closeProfileForm()));
    on(this.ui.profileCancel, "click", () => this.closeProfileForm());
    on(this.ui.profileForm, "submit", (event) => {
      event.preventDefault();
      void this.saveProfile();
    });
    on(this.ui.signOut, "click", () => this.signOut());
    on(this.ui.bannerRetry, "click", () => this.connection.retryNow());
    on(this.ui.openRooms, "click", () => this.togglePanel("rooms-open", true));
    on(this.ui.closeRooms, "click", () => {
      this.togglePanel("rooms-open", false);
      this.ui.openRooms.focus();
    });
    on(this.ui.openMembers, "click", () => this.togglePanel("members-open", true));
    on(this.ui.closeMembers, "click", () => {
      this.togglePanel("members-open", false);
      this.ui.openMembers.focus();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        if (!this.ui.profileForm.hidden) {
          this.closeProfileForm();
        }

        this.closePanels();
      }
    }, { signal });
    document.addEventListener("visibilitychange", () => {
      this.markActiveRead();
      this.renderRooms();
    }, { signal });
    window.addEventListener("online", () => this.connection.retryNow(), { signal });
  }
}
