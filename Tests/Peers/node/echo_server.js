'use strict';
/*
 * A real @grpc/grpc-js server of peer.Echo (Tests/Peers/peer.proto) for the OrleansChat client tests.
 *
 * Run: node echo_server.js (after `npm ci` in this folder). It binds 127.0.0.1 on an ephemeral port,
 * prints the port as the first line of stdout, and exits when its stdin closes, so a crashed test never
 * leaves a server behind.
 *
 * Two things grpc-js does not offer are added around it, on the same port:
 * - grpc-js hides a request's grpc-encoding and the per-message compressed flags from handlers, so this
 *   script also watches each HTTP/2 stream (header grpc-encoding, the flag byte of every length-prefixed
 *   message) and reports them in EchoReply.request_encoding / request_compressed for calls tagged with
 *   the header x-peer-probe.
 * - grpc-js servers never compress responses (server-interceptors.js: "response compression is currently
 *   not supported"), so /peer.RawGzip/Unary answers a peer.EchoRequest with a gzip-compressed
 *   peer.EchoReply written with Node's own http2 and zlib, the modules grpc-js is built on.
 */
const http2 = require('http2');
const path = require('path');
const zlib = require('zlib');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_PATH = path.join(__dirname, '..', 'peer.proto');
const RAW_GZIP_PATH = '/peer.RawGzip/Unary';
const PROBE_HEADER = 'x-peer-probe';

const packageDefinition = protoLoader.loadSync(PROTO_PATH, { keepCase: true, longs: Number, defaults: true });
const peer = grpc.loadPackageDefinition(packageDefinition).peer;
const protoRoot = new protobuf.Root().loadSync(PROTO_PATH, { keepCase: true });
const EchoRequestType = protoRoot.lookupType('peer.EchoRequest');
const EchoReplyType = protoRoot.lookupType('peer.EchoReply');

/** What the transport saw of each probed call, by x-peer-probe value. Bounded: oldest dropped first. */
const probes = new Map();
const MAX_PROBES = 1000;

/** Parses the length-prefixed messages of a stream's DATA to record each message's compressed flag. */
function watchStream(stream, headers) {
  const probeId = headers[PROBE_HEADER];
  if (!probeId) {
    return;
  }
  const probe = { encoding: headers['grpc-encoding'] || 'identity', compressed: [] };
  probes.set(probeId, probe);
  if (probes.size > MAX_PROBES) {
    probes.delete(probes.keys().next().value);
  }
  let prefix = Buffer.alloc(0);
  let skip = 0;
  stream.on('data', (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - offset);
        skip -= n;
        offset += n;
        continue;
      }
      const take = chunk.subarray(offset, offset + (5 - prefix.length));
      prefix = Buffer.concat([prefix, take]);
      offset += take.length;
      if (prefix.length === 5) {
        probe.compressed.push(prefix[0] === 1);
        skip = prefix.readUInt32BE(1);
        prefix = Buffer.alloc(0);
      }
    }
  });
}

function frame(payload, compressedFlag) {
  const out = Buffer.alloc(5 + payload.length);
  out.writeUInt8(compressedFlag ? 1 : 0, 0);
  out.writeUInt32BE(payload.length, 1);
  payload.copy(out, 5);
  return out;
}

/** /peer.RawGzip/Unary: one EchoRequest in, one gzip-compressed EchoReply out (identity if not accepted). */
function serveRawGzip(stream, headers) {
  const chunks = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const length = body.readUInt32BE(1);
    let message = body.subarray(5, 5 + length);
    if (body[0] === 1) {
      message = zlib.gunzipSync(message);
    }
    const request = EchoRequestType.decode(message);
    const reply = Buffer.from(EchoReplyType.encode(EchoReplyType.create({
      message: request.message,
      payload: request.payload,
      request_count: 1,
      request_encoding: headers['grpc-encoding'] || 'identity',
    })).finish());
    const accepted = String(headers['grpc-accept-encoding'] || '').split(',').map((s) => s.trim());
    const gzip = accepted.includes('gzip');
    const responseHeaders = { ':status': 200, 'content-type': 'application/grpc', 'grpc-accept-encoding': 'identity,gzip' };
    if (gzip) {
      responseHeaders['grpc-encoding'] = 'gzip';
    }
    stream.respond(responseHeaders, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(frame(gzip ? zlib.gzipSync(reply) : reply, gzip));
  });
}

// grpc-js creates its HTTP/2 server through this module; wrap it so every stream is seen first.
const createServer = http2.createServer;
http2.createServer = function createWatchedServer(...args) {
  const server = createServer.apply(this, args);
  const emit = server.emit;
  server.emit = function watchedEmit(event, stream, headers, ...rest) {
    if (event === 'stream') {
      if (headers[':path'] === RAW_GZIP_PATH) {
        serveRawGzip(stream, headers);
        return true;
      }
      watchStream(stream, headers);
    }
    return emit.call(this, event, stream, headers, ...rest);
  };
  return server;
};

/** Which calls their clients cancelled (or that expired) while the handler still ran. */
const cancelled = new Set();
const cancelWaiters = new Map();

function markCancelled(callId) {
  if (!callId) {
    return;
  }
  cancelled.add(callId);
  for (const resolve of cancelWaiters.get(callId) || []) {
    resolve(true);
  }
  cancelWaiters.delete(callId);
}

function waitCancelled(callId, timeoutMs) {
  if (cancelled.has(callId)) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const waiters = cancelWaiters.get(callId) || [];
    waiters.push(resolve);
    cancelWaiters.set(callId, waiters);
    setTimeout(() => resolve(cancelled.has(callId)), timeoutMs);
  });
}

/** Tracks one call: its tag, whether it ended early, and a sleep that wakes when it does. */
function track(call) {
  const state = { callId: '', done: false, ended: false, wake: null };
  call.on('cancelled', () => {
    state.ended = true;
    if (!state.done) {
      markCancelled(state.callId);
    }
    if (state.wake) {
      state.wake();
    }
  });
  state.sleep = (ms) => new Promise((resolve) => {
    if (state.ended) {
      resolve(false);
      return;
    }
    if (!ms) {
      resolve(true);
      return;
    }
    const timer = setTimeout(() => { state.wake = null; resolve(true); }, ms);
    state.wake = () => { clearTimeout(timer); resolve(false); };
  });
  return state;
}

function echoedMetadata(call) {
  const metadata = new grpc.Metadata();
  const incoming = call.metadata.toJSON();
  for (const key of Object.keys(incoming)) {
    if (key.startsWith('x-') && key !== PROBE_HEADER) {
      for (const value of incoming[key]) {
        metadata.add(key, value);
      }
    }
  }
  return metadata;
}

function transportView(call) {
  const probeId = call.metadata.get(PROBE_HEADER)[0];
  const probe = probeId ? probes.get(String(probeId)) : undefined;
  return probe ? { request_encoding: probe.encoding, request_compressed: probe.compressed } : {};
}

function begin(call, request, state) {
  state.callId = request.call_id;
  const metadata = echoedMetadata(call);
  if (Object.keys(metadata.toJSON()).length > 0) {
    call.sendMetadata(metadata);
  }
  return metadata;
}

function statusError(request, metadata) {
  if (!request.status_code) {
    return null;
  }
  return { code: request.status_code, details: request.status_message, metadata };
}

const handlers = {
  async Unary(call, callback) {
    const state = track(call);
    const metadata = begin(call, call.request, state);
    if (!(await state.sleep(call.request.sleep_ms))) {
      return;
    }
    state.done = true;
    const error = statusError(call.request, metadata);
    if (error) {
      callback(error);
      return;
    }
    callback(null, {
      message: call.request.message,
      payload: call.request.payload,
      request_count: 1,
      ...transportView(call),
    }, metadata);
  },

  async ServerStream(call) {
    const state = track(call);
    const metadata = begin(call, call.request, state);
    if (!(await state.sleep(call.request.sleep_ms))) {
      return;
    }
    for (let index = 0; index < call.request.reply_count; index++) {
      call.write({ message: call.request.message, index, payload: call.request.payload });
    }
    state.done = true;
    const error = statusError(call.request, metadata);
    if (error) {
      call.emit('error', error);
    } else {
      call.end(metadata);
    }
  },

  ClientStream(call, callback) {
    const state = track(call);
    const requests = [];
    call.on('data', (request) => requests.push(request));
    call.on('end', async () => {
      const last = requests.length > 0 ? requests[requests.length - 1] : {};
      const metadata = begin(call, last, state);
      if (!(await state.sleep(last.sleep_ms))) {
        return;
      }
      state.done = true;
      const error = statusError(last, metadata);
      if (error) {
        callback(error);
        return;
      }
      callback(null, {
        message: requests.map((r) => r.message).join(','),
        request_count: requests.length,
        payload: Buffer.concat(requests.map((r) => r.payload)),
        ...transportView(call),
      }, metadata);
    });
  },

  Duplex(call) {
    const state = track(call);
    let count = 0;
    let last = null;
    let metadata = new grpc.Metadata();
    let queue = Promise.resolve(true);
    call.on('data', (request) => {
      queue = queue.then(async (alive) => {
        if (!alive) {
          return false;
        }
        if (count === 0) {
          metadata = begin(call, request, state);
        }
        state.callId = request.call_id || state.callId;
        if (!(await state.sleep(request.sleep_ms))) {
          return false;
        }
        last = request;
        call.write({ message: request.message, index: count++, payload: request.payload });
        return true;
      });
    });
    call.on('end', () => {
      queue.then((alive) => {
        if (!alive) {
          return;
        }
        state.done = true;
        const error = last ? statusError(last, metadata) : null;
        if (error) {
          call.emit('error', error);
        } else {
          call.end(metadata);
        }
      });
    });
  },

  async WaitCancelled(call, callback) {
    const result = await waitCancelled(call.request.call_id, call.request.timeout_ms || 10000);
    callback(null, { cancelled: result });
  },
};

const server = new grpc.Server();
server.addService(peer.Echo.service, handlers);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(`bind failed: ${error.message}`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
});

process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  server.forceShutdown();
  process.exit(0);
});
process.stdin.resume();
