#!/usr/bin/python3
"""A real grpcio server of peer.Echo (Tests/Peers/peer.proto) for the OrleansChat client tests.

Run with Debian's interpreter and packages: /usr/bin/python3 echo_server.py [--identity-only]
(apt-get install python3-grpcio python3-grpc-tools). It binds 127.0.0.1 on an ephemeral port, prints
the port as the first line of stdout, and stops when its stdin closes, so a crashed test never leaves a
server behind.

--tls-cert PEM --tls-key PEM: serve TLS (ALPN h2) with this certificate chain and private key instead
of cleartext h2c.

--identity-only: the server enables no compression algorithm, so grpc core rejects any call whose
grpc-encoding names one with UNIMPLEMENTED "Compression algorithm '...' is disabled." -- which shows
that a client really sent that grpc-encoding.
"""

import argparse
import os
import shutil
import sys
import tempfile
import threading
from concurrent import futures

import grpc
from grpc_tools import protoc

STATUS_BY_CODE = {status.value[0]: status for status in grpc.StatusCode}


def load_peer_modules():
    """Compiles peer.proto into a temporary directory and imports the generated modules."""
    proto_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = tempfile.mkdtemp(prefix="peer-proto-")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    result = protoc.main([
        "grpc_tools.protoc",
        f"-I{proto_dir}",
        f"-I{well_known}",
        f"--python_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        os.path.join(proto_dir, "peer.proto"),
    ])
    if result != 0:
        raise RuntimeError(f"protoc failed on peer.proto ({result})")
    sys.path.insert(0, out_dir)
    import peer_pb2  # noqa: E402 (generated above)
    import peer_pb2_grpc  # noqa: E402
    return out_dir, peer_pb2, peer_pb2_grpc


class CancelRegistry:
    """Remembers which tagged calls their clients cancelled; WaitCancelled waits on it."""

    def __init__(self):
        self._condition = threading.Condition()
        self._cancelled = set()

    def mark(self, call_id):
        with self._condition:
            self._cancelled.add(call_id)
            self._condition.notify_all()

    def wait(self, call_id, timeout_seconds):
        with self._condition:
            return self._condition.wait_for(lambda: call_id in self._cancelled, timeout_seconds)


class CallTracker:
    """Notices a call that ends (cancel, deadline) while its handler is still running."""

    def __init__(self, context, registry):
        self.call_id = ""
        self.handler_done = False
        self.ended = threading.Event()
        self._registry = registry
        context.add_callback(self._on_ended)

    def _on_ended(self):
        self.ended.set()
        if not self.handler_done and self.call_id:
            self._registry.mark(self.call_id)

    def sleep(self, milliseconds):
        """Sleeps; returns False early when the call ended meanwhile."""
        if milliseconds <= 0:
            return True
        return not self.ended.wait(milliseconds / 1000.0)


def echoed_metadata(context):
    return tuple((key, value) for key, value in context.invocation_metadata() if key.startswith("x-"))


def make_servicer(pb2, pb2_grpc, registry):
    class Echo(pb2_grpc.EchoServicer):
        def _begin(self, request, context, tracker):
            tracker.call_id = request.call_id
            metadata = echoed_metadata(context)
            if metadata:
                context.send_initial_metadata(metadata)
                context.set_trailing_metadata(metadata)
            if request.compress_response:
                context.set_compression(grpc.Compression.Gzip)
            return tracker.sleep(request.sleep_ms)

        @staticmethod
        def _end(request, context):
            if request.status_code != 0:
                context.abort(STATUS_BY_CODE[request.status_code], request.status_message)

        def Unary(self, request, context):
            tracker = CallTracker(context, registry)
            try:
                if not self._begin(request, context, tracker):
                    return pb2.EchoReply()
                self._end(request, context)
                return pb2.EchoReply(message=request.message, payload=request.payload, request_count=1)
            finally:
                tracker.handler_done = True

        def ServerStream(self, request, context):
            tracker = CallTracker(context, registry)
            try:
                if not self._begin(request, context, tracker):
                    return
                for index in range(request.reply_count):
                    yield pb2.EchoReply(message=request.message, index=index, payload=request.payload)
                self._end(request, context)
            finally:
                tracker.handler_done = True

        def ClientStream(self, request_iterator, context):
            tracker = CallTracker(context, registry)
            try:
                requests = list(request_iterator)
                last = requests[-1] if requests else pb2.EchoRequest()
                if not self._begin(last, context, tracker):
                    return pb2.EchoReply()
                self._end(last, context)
                return pb2.EchoReply(
                    message=",".join(r.message for r in requests),
                    request_count=len(requests),
                    payload=b"".join(r.payload for r in requests))
            finally:
                tracker.handler_done = True

        def Duplex(self, request_iterator, context):
            tracker = CallTracker(context, registry)
            try:
                count = 0
                last = None
                for request in request_iterator:
                    if count == 0:
                        if not self._begin(request, context, tracker):
                            return
                    elif not tracker.sleep(request.sleep_ms):
                        return
                    tracker.call_id = request.call_id or tracker.call_id
                    last = request
                    yield pb2.EchoReply(message=request.message, index=count, payload=request.payload)
                    count += 1
                if last is not None:
                    self._end(last, context)
            finally:
                tracker.handler_done = True

        def WaitCancelled(self, request, context):
            timeout = (request.timeout_ms or 10000) / 1000.0
            return pb2.WaitCancelledReply(cancelled=registry.wait(request.call_id, timeout))

    return Echo()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--identity-only", action="store_true", help="enable no compression algorithm")
    parser.add_argument("--tls-cert", help="PEM certificate chain: serve TLS instead of h2c")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    args = parser.parse_args()

    out_dir, pb2, pb2_grpc = load_peer_modules()
    options = [("grpc.compression_enabled_algorithms_bitset", 1)] if args.identity_only else []
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=options)
    pb2_grpc.add_EchoServicer_to_server(make_servicer(pb2, pb2_grpc, CancelRegistry()), server)
    if args.tls_cert:
        with open(args.tls_key, "rb") as key, open(args.tls_cert, "rb") as chain:
            credentials = grpc.ssl_server_credentials([(key.read(), chain.read())])
        port = server.add_secure_port("127.0.0.1:0", credentials)
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    try:
        sys.stdin.read()  # returns when the test closes stdin (or dies)
    finally:
        server.stop(0)
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
