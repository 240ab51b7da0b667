// Entry point: the sign-in form. Signing in asks the server who we are (GetProfile: a refused identity fails
// here, with UNAUTHENTICATED or PERMISSION_DENIED) and which rooms we are in (ListRooms), then opens the chat.

import { checkUserId, createChatClient, describeError, type Identity } from "./api";
import { ChatApp } from "./app";
import { byId } from "./dom";
import { Code, ConnectError } from "@connectrpc/connect";

const SessionKey = "orleanschat:session";
const LastUserKey = "orleanschat:last-user";

const ui = {
  signin: byId("signin", HTMLElement),
  form: byId("signin-form", HTMLFormElement),
  user: byId("signin-user", HTMLInputElement),
  token: byId("signin-token", HTMLInputElement),
  error: byId("signin-error", HTMLParagraphElement),
  button: byId("signin-button", HTMLButtonElement),
};

let app: ChatApp | undefined;

async function signIn(identity: Identity): Promise<void> {
  const problem = identity.token.length === 0 ? checkUserId(identity.userId) : undefined;
  if (problem) {
    showError(problem);
    ui.user.focus();
    return;
  }

  ui.button.disabled = true;
  ui.error.hidden = true;
  ui.form.setAttribute("aria-busy", "true");
  try {
    const client = createChatClient(identity);
    const [profile, rooms] = await Promise.all([client.getProfile({}), client.listRooms({})]);
    if (identity.userId.length > 0 && profile.userId !== identity.userId) {
      showError(`This token is for '${profile.userId}', not '${identity.userId}'.`);
      return;
    }

    sessionStorage.setItem(SessionKey, JSON.stringify(identity));
    localStorage.setItem(LastUserKey, profile.userId);
    ui.signin.hidden = true;
    ui.token.value = "";
    app = new ChatApp(client, profile, signOut);
    app.start(rooms.rooms.map((r) => r.roomId));
  } catch (error) {
    showError(signInError(error, identity));
    (ConnectError.from(error).code === Code.Unauthenticated ? ui.token : ui.user).focus();
  } finally {
    ui.button.disabled = false;
    ui.form.removeAttribute("aria-busy");
  }
}

function signInError(error: unknown, identity: Identity): string {
  const code = ConnectError.from(error).code;
  if (code === Code.Unauthenticated && identity.token.length === 0) {
    return "This server requires an access token: enter yours in the Access token field.";
  }

  if (code === Code.Unauthenticated) {
    return "The server refused this access token (UNAUTHENTICATED: " + ConnectError.from(error).rawMessage + "). "
      + "Check that it is complete and not expired.";
  }

  return describeError(error);
}

function signOut(message?: string): void {
  app?.dispose();
  app = undefined;
  sessionStorage.removeItem(SessionKey);
  ui.signin.hidden = false;
  if (message) {
    showError(message);
  } else {
    ui.error.hidden = true;
  }

  ui.user.value = localStorage.getItem(LastUserKey) ?? "";
  ui.user.focus();
}

function showError(text: string): void {
  ui.error.textContent = text;
  ui.error.hidden = false;
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn({ userId: ui.user.value.trim(), token: ui.token.value.trim() });
});

const saved = sessionStorage.getItem(SessionKey);
ui.user.value = localStorage.getItem(LastUserKey) ?? "";
if (saved) {
  // A reload of a signed-in tab stays signed in.
  void signIn(JSON.parse(saved) as Identity);
} else {
  ui.user.focus();
}
