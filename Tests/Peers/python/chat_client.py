"""A small Python client library for OrleansChat, used by the end-to-end tests.

It talks to the real server over loopback with Debian's python3-grpcio (run it with /usr/bin/python3),
generating the protobuf/gRPC modules from the repository's protos at start-up with grpc_tools.protoc.

Debian's python3-grpc-tools bundles protoc 3.5.1, which predates proto3 `optional`. The protos are
therefore copied to a temporary directory first and every `optional T name = N;` is rewritten to
`oneof _name { T name = N; }` -- exactly the synthetic oneof protoc itself makes for a proto3 optional
field, so the wire format and field presence (`HasField`) are unchanged.
"""

import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time

INSTALL_HINT = "apt-get install -y python3-grpcio python3-grpc-tools"

try:
    import grpc
    from grpc_tools import protoc
except ImportError as exc:  # pragma: no cover - exercised only on a machine without the packages
    sys.stdout.write(json.dumps({"type": "fatal", "error": f"missing Python gRPC packages ({exc}); run: {INSTALL_HINT}"}) + "\n")
    sys.stdout.flush()
    sys.stderr.write(f"python gRPC packages are missing ({exc}); run: {INSTALL_HINT}\n")
    sys.exit(2)

from google.protobuf.descriptor import FieldDescriptor

PROTO_FILES = ("chat.proto", "compat.proto")
_OPTIONAL_FIELD = re.compile(r"^(\s*)optional\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;", re.MULTILINE)

chat_pb2 = None
chat_pb2_grpc = None
compat_pb2 = None
compat_pb2_grpc = None


def default_protos_dir():
    """The repository's protos/ folder, found from this file (Tests/Peers/python -> repo root)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "protos"))


def load_protos(protos_dir=None):
    """Generates chat_pb2/compat_pb2 (+ _grpc) into a temp dir and imports them. Returns the temp dir."""
    global chat_pb2, chat_pb2_grpc, compat_pb2, compat_pb2_grpc
    protos_dir = protos_dir or os.environ.get("CHAT_PROTOS") or default_protos_dir()
    work = tempfile.mkdtemp(prefix="chat-py-protos-")
    src = os.path.join(work, "src")
    out = os.path.join(work, "out")
    os.makedirs(src)
    os.makedirs(out)
    for name in PROTO_FILES:
        path = os.path.join(protos_dir, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = _OPTIONAL_FIELD.sub(lambda m: f"{m.group(1)}oneof _{m.group(3)} {{ {m.group(2)} {m.group(3)} = {m.group(4)}; }}", text)
        with open(os.path.join(src, name), "w", encoding="utf-8") as f:
            f.write(text)
    args = ["grpc_tools.protoc", f"-I{src}", f"--python_out={out}", f"--grpc_python_out={out}"] + list(PROTO_FILES)
    rc = protoc.main(args)
    if rc != 0:
        raise RuntimeError(f"grpc_tools.protoc failed with exit code {rc} for {protos_dir}")
    sys.path.insert(0, out)
    import chat_pb2 as _chat_pb2  # noqa: E402  (generated above)
    import chat_pb2_grpc as _chat_pb2_grpc  # noqa: E402
    import compat_pb2 as _compat_pb2  # noqa: E402
    import compat_pb2_grpc as _compat_pb2_grpc  # noqa: E402
    chat_pb2, chat_pb2_grpc, compat_pb2, compat_pb2_grpc = _chat_pb2, _chat_pb2_grpc, _compat_pb2, _compat_pb2_grpc
    return work


def cleanup_protos(work):
    shutil.rmtree(work, ignore_errors=True)


def to_dict(message):
    """A protobuf message as a plain dict: scalars with their defaults, int64 as JSON numbers, enums by
    name, unset sub-messages and unset oneof members left out."""
    result = {}
    for field in message.DESCRIPTOR.fields:
        if field.label == FieldDescriptor.LABEL_REPEATED:
            values = getattr(message, field.name)
            if field.type == FieldDescriptor.TYPE_MESSAGE:
                result[field.name] = [to_dict(v) for v in values]
            elif field.type == FieldDescriptor.TYPE_ENUM:
                result[field.name] = [field.enum_type.values_by_number[v].name if v in field.enum_type.values_by_number else v for v in values]
            else:
                result[field.name] = list(values)
            continue
        if field.containing_oneof is not None or field.type == FieldDescriptor.TYPE_MESSAGE:
            if not message.HasField(field.name):
                continue
        value = getattr(message, field.name)
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            result[field.name] = to_dict(value)
        elif field.type == FieldDescriptor.TYPE_ENUM:
            enum_value = field.enum_type.values_by_number.get(value)
            result[field.name] = enum_value.name if enum_value is not None else value
        elif field.type == FieldDescriptor.TYPE_BYTES:
            result[field.name] = value.hex()
        else:
            result[field.name] = value
    return result


class Output:
    """Thread-safe JSON-lines writer on stdout."""

    def __init__(self, stream=None):
        self._lock = threading.Lock()
        self._stream = stream or sys.stdout

    def emit(self, obj):
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()


class _RequestQueue:
    """The request side of a streaming call: an iterator fed from a queue; None half-closes."""

    _END = object()

    def __init__(self):
        self._cond = threading.Condition()
        self._items = []
        self._closed = False

    def put(self, item):
        with self._cond:
            if self._closed:
                raise RuntimeError("the request stream is already half-closed")
            self._items.append(item)
            self._cond.notify_all()

    def close(self):
        with self._cond:
            if not self._closed:
                self._closed = True
                self._items.append(self._END)
                self._cond.notify_all()

    @property
    def closed(self):
        return self._closed

    def __iter__(self):
        while True:
            with self._cond:
                while not self._items:
                    self._cond.wait()
                item = self._items.pop(0)
            if item is self._END:
                return
            yield item


class StreamingCall:
    """One bidirectional call whose responses are read on a background thread and handed to on_message;
    the end of the call (status) goes to on_end(code_name, details)."""

    def __init__(self, start, on_message, on_end, metadata=None):
        self.requests = _RequestQueue()
        self._on_message = on_message
        self._on_end = on_end
        self.call = start(iter(self.requests), metadata=metadata or None)
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        code, details = "OK", ""
        try:
            for message in self.call:
                self._on_message(message)
        except grpc.RpcError as e:
            code, details = e.code().name, e.details() or ""
        except Exception as e:  # noqa: BLE001 - reported to the test, never swallowed
            code, details = "CLIENT_EXCEPTION", repr(e)
        finally:
            try:
                self._on_end(code, details)
            finally:
                self.done.set()

    def write(self, message):
        self.requests.put(message)

    def half_close(self):
        self.requests.close()

    def cancel(self):
        self.call.cancel()
        self.requests.close()

    def wait(self, timeout):
        return self.done.wait(timeout)


def connect_stub(channel):
    return chat_pb2_grpc.ChatServiceStub(channel)


def compat_stub(channel):
    return compat_pb2_grpc.ChatServiceStub(channel)


def now_ms():
    return int(time.time() * 1000)


def user_metadata(user):
    return (("x-user-id", user),) if user else ()
