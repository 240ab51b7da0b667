#!/usr/bin/python3
"""An OrleansChat client process driven by the end-to-end tests.

    /usr/bin/python3 chat_peer.py --port PORT --user alice [--protos DIR] [--max-seconds 120]

Reads one JSON command per line on stdin and prints one JSON line per thing it sent or received on
stdout, so a test can drive several peers (each a real gRPC client process) and assert on what each one
saw. It never sleeps to wait for anything: the test waits for specific lines.

Commands ("id" is optional and echoed in the lines that answer the command):
  chat.v1 Connect stream (opened by the first of these; metadata from "metadata" of that command):
    {"op":"hello","user_id":"alice","display_name":"Alice","avatar":"...","token":"..."}
    {"op":"join","room_id":"r","resume_after_seq":5,"history_limit":10}
    {"op":"leave","room_id":"r"}
    {"op":"send","room_id":"r","text":"hi","client_message_id":"..."}   (cmid defaults to a fresh uuid)
    {"op":"send_many","room_id":"r","count":60,"prefix":"m"}            (texts m1..m60)
    {"op":"typing","room_id":"r","typing":true}
    {"op":"ping","nonce":7}
    {"op":"close"}    half-closes the Connect stream
    {"op":"cancel"}   cancels the Connect call (the client goes away without leaving)
  unary / client-streaming calls, identity from metadata x-user-id (default --user, override "user"):
    {"op":"history","room_id":"r","limit":10,"before_seq":0}
    {"op":"list_rooms"} {"op":"list_members","room_id":"r"} {"op":"get_profile","user_id":"bob"}
    {"op":"update_profile","display_name":"Bob","avatar":"..."}
    {"op":"batch","room_id":"r","count":5,"prefix":"b"}  or  {"op":"batch","messages":[{room_id,text,client_message_id}]}
  server streaming:
    {"op":"subscribe","rooms":[{"room_id":"r","resume_after_seq":3}]}
  compat (package chat) JoinChat stream:
    {"op":"compat_join","user_id":"carl","username":"Carl","room_id":"r"}
    {"op":"compat_send","message":"hi"}   {"op":"compat_leave"}   {"op":"compat_close"}
  {"op":"exit"}

Output lines ("type"):
  ready                      the stubs are generated and the channel is made
  sent                       a frame was queued: stream, request_id, frame kind, and for sends the cmid/text
  frame                      a ServerFrame on "connect" or "subscribe": kind (the oneof name), frame (dict)
  compat                     a compat ChatMessage: msg (dict, type by name)
  stream_end                 a stream ended: stream, code (grpc status name, "OK" for a clean end), details
  unary                      a unary/client-streaming result: op, code, details, response (dict when OK)
  fatal                      the script itself failed (exit code 1)
  bye                        the peer is exiting normally (exit code 0)
"""

import argparse
import json
import os
import sys
import threading
import uuid

import chat_client as cc

UNARY_TIMEOUT_SECONDS = 20
# How long the peer waits, on exit, for the server to end a stream it half-closed before cancelling it.
CLOSE_WAIT_SECONDS = 3


class Peer:
    def __init__(self, port, user, out):
        self.user = user
        self.out = out
        self.channel = cc.grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = cc.connect_stub(self.channel)
        self.compat = cc.compat_stub(self.channel)
        self.connect_call = None
        self.connect_calls = 0
        self.all_connect_calls = []
        self.subscribe_call = None
        self.compat_call = None
        self.compat_identity = None
        self._next_request_id = 1
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ helpers

    def _request_id(self, cmd):
        with self._lock:
            if "request_id" in cmd:
                return int(cmd["request_id"])
            rid = self._next_request_id
            self._next_request_id += 1
            return rid

    def _metadata(self, cmd):
        if "metadata" in cmd:
            return tuple((k, v) for k, v in cmd["metadata"].items())
        return cc.user_metadata(cmd.get("user", self.user))

    def _on_frame(self, stream, call=1):
        def handle(frame):
            self.out.emit({"type": "frame", "stream": stream, "call": call, "kind": frame.WhichOneof("kind"), "frame": cc.to_dict(frame)})
        return handle

    def _on_end(self, stream, call=1):
        def handle(code, details):
            self.out.emit({"type": "stream_end", "stream": stream, "call": call, "code": code, "details": details})
        return handle

    def _connect(self, cmd):
        """The open Connect call, or a new one when there is none (first frame, or after close/cancel)."""
        if self.connect_call is None or self.connect_call.requests.closed:
            self.connect_calls += 1
            number = self.connect_calls
            metadata = tuple((k, v) for k, v in cmd["metadata"].items()) if "metadata" in cmd else None
            self.connect_call = cc.StreamingCall(self.stub.Connect, self._on_frame("connect", number), self._on_end("connect", number), metadata)
            self.all_connect_calls.append(self.connect_call)
        return self.connect_call

    def _write_frame(self, cmd, kind, payload, extra=None):
        call = self._connect(cmd)
        rid = self._request_id(cmd)
        frame = cc.chat_pb2.ClientFrame(request_id=rid)
        getattr(frame, kind).CopyFrom(payload)
        call.write(frame)
        line = {"type": "sent", "stream": "connect", "call": self.connect_calls, "request_id": rid, "kind": kind}
        if "id" in cmd:
            line["id"] = cmd["id"]
        if extra:
            line.update(extra)
        self.out.emit(line)
        return rid

    def _unary(self, cmd, op, fn):
        line = {"type": "unary", "op": op}
        if "id" in cmd:
            line["id"] = cmd["id"]
        try:
            response = fn(self._metadata(cmd))
            line.update({"code": "OK", "details": "", "response": cc.to_dict(response)})
        except cc.grpc.RpcError as e:
            line.update({"code": e.code().name, "details": e.details() or ""})
        self.out.emit(line)

    # ------------------------------------------------------------------ commands

    def hello(self, cmd):
        payload = cc.chat_pb2.Hello(user_id=cmd.get("user_id", self.user))
        for name in ("display_name", "avatar", "token"):
            if name in cmd:
                setattr(payload, name, cmd[name])
        self._write_frame(cmd, "hello", payload)

    def join(self, cmd):
        payload = cc.chat_pb2.JoinRoom(room_id=cmd["room_id"], history_limit=int(cmd.get("history_limit", 0)))
        if cmd.get("resume_after_seq") is not None:
            payload.resume_after_seq = int(cmd["resume_after_seq"])
        self._write_frame(cmd, "join", payload, {"room_id": cmd["room_id"]})

    def leave(self, cmd):
        self._write_frame(cmd, "leave", cc.chat_pb2.LeaveRoom(room_id=cmd["room_id"]), {"room_id": cmd["room_id"]})

    def send(self, cmd):
        cmid = cmd.get("client_message_id") or str(uuid.uuid4())
        payload = cc.chat_pb2.SendMessage(room_id=cmd["room_id"], client_message_id=cmid, text=cmd["text"])
        self._write_frame(cmd, "send", payload, {"room_id": cmd["room_id"], "client_message_id": cmid, "text": cmd["text"]})

    def send_many(self, cmd):
        prefix = cmd.get("prefix", "m")
        tag = uuid.uuid4().hex[:8]
        for i in range(1, int(cmd["count"]) + 1):
            one = {"room_id": cmd["room_id"], "text": f"{prefix}{i}", "client_message_id": f"{prefix}{i}-{tag}"}
            if "id" in cmd:
                one["id"] = cmd["id"]
            self.send(one)

    def typing(self, cmd):
        self._write_frame(cmd, "typing", cc.chat_pb2.Typing(room_id=cmd["room_id"], typing=bool(cmd.get("typing", True))))

    def ping(self, cmd):
        self._write_frame(cmd, "ping", cc.chat_pb2.Ping(nonce=int(cmd.get("nonce", 0))), {"nonce": int(cmd.get("nonce", 0))})

    def close(self, cmd):
        """Half-closes the Connect call; the next Connect frame opens a new call."""
        if self.connect_call is not None:
            self.connect_call.half_close()

    def cancel(self, cmd):
        """Cancels the Connect call (the client goes away without leaving); the next frame opens a new call."""
        if self.connect_call is not None:
            self.connect_call.cancel()

    def history(self, cmd):
        request = cc.chat_pb2.GetHistoryRequest(room_id=cmd["room_id"], limit=int(cmd.get("limit", 0)), before_seq=int(cmd.get("before_seq", 0)))
        self._unary(cmd, "history", lambda md: self.stub.GetHistory(request, metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def list_rooms(self, cmd):
        self._unary(cmd, "list_rooms", lambda md: self.stub.ListRooms(cc.chat_pb2.ListRoomsRequest(), metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def list_members(self, cmd):
        request = cc.chat_pb2.ListMembersRequest(room_id=cmd["room_id"])
        self._unary(cmd, "list_members", lambda md: self.stub.ListMembers(request, metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def get_profile(self, cmd):
        request = cc.chat_pb2.GetProfileRequest(user_id=cmd.get("user_id", ""))
        self._unary(cmd, "get_profile", lambda md: self.stub.GetProfile(request, metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def update_profile(self, cmd):
        request = cc.chat_pb2.UpdateProfileRequest()
        if "display_name" in cmd:
            request.display_name = cmd["display_name"]
        if "avatar" in cmd:
            request.avatar = cmd["avatar"]
        self._unary(cmd, "update_profile", lambda md: self.stub.UpdateProfile(request, metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def batch(self, cmd):
        if "messages" in cmd:
            messages = [cc.chat_pb2.BatchMessage(room_id=m["room_id"], text=m["text"], client_message_id=m.get("client_message_id") or str(uuid.uuid4()))
                        for m in cmd["messages"]]
        else:
            prefix = cmd.get("prefix", "b")
            tag = uuid.uuid4().hex[:8]
            messages = [cc.chat_pb2.BatchMessage(room_id=cmd["room_id"], text=f"{prefix}{i}", client_message_id=f"{prefix}{i}-{tag}")
                        for i in range(1, int(cmd["count"]) + 1)]
        self._unary(cmd, "batch", lambda md: self.stub.SendBatch(iter(messages), metadata=md, timeout=UNARY_TIMEOUT_SECONDS))

    def subscribe(self, cmd):
        request = cc.chat_pb2.SubscribeRequest()
        for room in cmd["rooms"]:
            join = request.rooms.add(room_id=room["room_id"], history_limit=int(room.get("history_limit", 0)))
            if room.get("resume_after_seq") is not None:
                join.resume_after_seq = int(room["resume_after_seq"])
        if self.subscribe_call is not None:
            raise RuntimeError("this peer already has a Subscribe call")

        def start(_requests, metadata=None):
            return self.stub.Subscribe(request, metadata=metadata)

        self.subscribe_call = cc.StreamingCall(start, self._on_frame("subscribe"), self._on_end("subscribe"), self._metadata(cmd))

    def compat_join(self, cmd):
        if self.compat_call is not None:
            raise RuntimeError("this peer already has a JoinChat call")
        self.compat_identity = {"user_id": cmd.get("user_id", self.user), "username": cmd.get("username", self.user), "room_id": cmd["room_id"]}

        def on_message(msg):
            self.out.emit({"type": "compat", "msg": cc.to_dict(msg)})

        metadata = tuple((k, v) for k, v in cmd["metadata"].items()) if "metadata" in cmd else None
        self.compat_call = cc.StreamingCall(self.compat.JoinChat, on_message, self._on_end("compat"), metadata)
        self._compat_write(cmd, cc.compat_pb2.JOIN, "")

    def _compat_write(self, cmd, message_type, text):
        ident = self.compat_identity
        msg = cc.compat_pb2.ChatMessage(user_id=ident["user_id"], username=ident["username"], message=text,
                                        timestamp=cc.now_ms(), type=message_type, room_id=ident["room_id"])
        self.compat_call.write(msg)
        line = {"type": "sent", "stream": "compat", "msg": cc.to_dict(msg)}
        if "id" in cmd:
            line["id"] = cmd["id"]
        self.out.emit(line)

    def compat_send(self, cmd):
        self._compat_write(cmd, cc.compat_pb2.TEXT, cmd["message"])

    def compat_leave(self, cmd):
        self._compat_write(cmd, cc.compat_pb2.LEAVE, cmd.get("message", ""))

    def compat_close(self, cmd):
        if self.compat_call is not None:
            self.compat_call.half_close()

    # ------------------------------------------------------------------ lifetime

    def shutdown(self):
        """Half-closes every open stream and waits (bounded) for the server to end them."""
        calls = [c for c in self.all_connect_calls + [self.compat_call] if c is not None and not c.done.is_set()]
        for call in calls:
            call.half_close()
        for call in calls:
            if not call.wait(CLOSE_WAIT_SECONDS):
                call.cancel()
                call.wait(5)
        if self.subscribe_call is not None:
            self.subscribe_call.cancel()
            self.subscribe_call.wait(5)
        self.channel.close()


COMMANDS = {
    "hello", "join", "leave", "send", "send_many", "typing", "ping", "close", "cancel",
    "history", "list_rooms", "list_members", "get_profile", "update_profile", "batch", "subscribe",
    "compat_join", "compat_send", "compat_leave", "compat_close",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default="")
    parser.add_argument("--protos", default=None)
    parser.add_argument("--max-seconds", type=float, default=120, help="the peer exits with code 4 after this long")
    args = parser.parse_args()

    out = cc.Output()

    def watchdog():
        out.emit({"type": "fatal", "error": f"peer ran longer than {args.max_seconds} s"})
        os._exit(4)

    timer = threading.Timer(args.max_seconds, watchdog)
    timer.daemon = True
    timer.start()

    work = cc.load_protos(args.protos)
    peer = Peer(args.port, args.user, out)
    out.emit({"type": "ready", "user": args.user, "pid": os.getpid()})
    try:
        for raw in sys.stdin:
            raw = raw.strip()
            if not raw:
                continue
            cmd = json.loads(raw)
            op = cmd.get("op")
            if op == "exit":
                break
            if op not in COMMANDS:
                raise ValueError(f"unknown op {op!r}")
            getattr(peer, op)(cmd)
        peer.shutdown()
        out.emit({"type": "bye"})
    except Exception as e:  # noqa: BLE001 - reported as a fatal line and a non-zero exit
        out.emit({"type": "fatal", "error": repr(e)})
        sys.stderr.write(f"chat_peer failed: {e!r}\n")
        sys.stdout.flush()
        cc.cleanup_protos(work)
        os._exit(1)
    cc.cleanup_protos(work)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
