// The chat.v1 client over gRPC-Web (the page's own origin: the gateway serves both), identity on every call,
// and what the page says about a failed call.

import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { ChatService } from "./gen/chat_pb";

export type ChatClient = Client<typeof ChatService>;

/** Who the page calls as: the user id, and the access token when the server requires one. */
export interface Identity {
  readonly userId: string;
  readonly token: string;
}

/** A client whose every call carries the identity: `authorization: Bearer` with a token, else `x-user-id`. */
export function createChatClient(identity: Identity, baseUrl: string = location.origin): ChatClient {
  const identify: Interceptor = (next) => (request) => {
    if (identity.token.length > 0) {
      request.header.set("authorization", "Bearer " + identity.token);
    }

    if (identity.userId.length > 0) {
      request.header.set("x-user-id", identity.userId);
    }

    return next(request);
  };
  return createClient(ChatService, createGrpcWebTransport({ baseUrl, interceptors: [identify] }));
}

/** 1-128 letters, digits, '-', '_', '.', '@', '+' (chat.proto Hello.user_id). */
export function checkUserId(userId: string): string | undefined {
  if (userId.length === 0) {
    return "Enter a user id.";
  }

  return /^[A-Za-z0-9_.@+-]{1,128}$/.test(userId)
    ? undefined
    : "A user id is 1 to 128 letters, digits, '-', '_', '.', '@' or '+'.";
}

/** 1-64 letters, digits, '-', '_', '.' (chat.proto JoinRoom.room_id). */
export function checkRoomId(roomId: string): string | undefined {
  if (roomId.length === 0) {
    return "Enter a room name.";
  }

  return /^[A-Za-z0-9_.-]{1,64}$/.test(roomId)
    ? undefined
    : "A room name is 1 to 64 letters, digits, '-', '_' or '.' (no spaces).";
}

/** The call failed because of who the caller is: signing in again is the only cure. */
export function isIdentityError(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.Unauthenticated || code === Code.PermissionDenied;
}

/** Worth trying again later: the server or the network failed, not the request. */
export function isTransient(error: unknown): boolean {
  switch (ConnectError.from(error).code) {
    case Code.Unavailable:
    case Code.Unknown: // fetch failed: the server is down or unreachable
    case Code.DeadlineExceeded:
    case Code.Aborted:
    case Code.Internal:
    case Code.ResourceExhausted: // a rate limit, or a slow stream that was cut off
      return true;
    default:
      return false;
  }
}

/** A sentence for the person at the page. */
export function describeError(error: unknown): string {
  const connectError = ConnectError.from(error);
  const detail = connectError.rawMessage;
  switch (connectError.code) {
    case Code.Unauthenticated:
      return "The server did not accept your sign-in (" + detail + "). "
        + "Check the access token, or ask for a new one: dotnet run --project Silo -- token <user> --token-secret <secret>.";
    case Code.PermissionDenied:
      return "Not allowed: " + detail + ".";
    case Code.InvalidArgument:
      return "Not accepted: " + detail + ".";
    case Code.ResourceExhausted:
      return "Slow down: " + detail + ".";
    case Code.Unavailable:
    case Code.Unknown:
      return "Cannot reach the chat server (" + detail + ").";
    default:
      return detail.length > 0 ? detail : "The request failed (" + Code[connectError.code] + ").";
  }
}

/** A UUID v4 for client_message_id; crypto.randomUUID only exists in secure contexts, getRandomValues everywhere. */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
