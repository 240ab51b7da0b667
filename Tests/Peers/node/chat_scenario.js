#!/usr/bin/env node
// A chat.v1 + seed-compat client on @grpc/grpc-js, run by the end-to-end tests against a real server.
//
//   node chat_scenario.js --port PORT --user USER --room ROOM --protos DIR --grpc-protos DIR
//
// It plays one scenario and prints one JSON line per step on stdout ({"step": ..., ...}); the test reads the lines
// and plays the other side. Nothing waits on a timer: every step waits for a message or a call's end, and the whole
// run is bounded (--max-seconds, default 60).
//
//   health      grpc.health.v1.Health/Check("")                -> status
//   reflection  grpc.reflection.v1alpha list_services           -> services
//   joined      Connect: Hello + Join ROOM                      -> history texts, last_seq
//   acked       Send "hello from node"                          -> seq
//   received    waits for a TEXT "reply to node" from anyone    -> sender, seq
//   history     GetHistory(ROOM)                                -> texts
//   not_found   GetHistory(unknown room)                        -> code
//   invalid     GetHistory(room id "bad/room")                  -> code, details, error-field trailer
//   deadline    Subscribe(ROOM) with a 300 ms deadline          -> code (DEADLINE_EXCEEDED)
//   cancelled   Subscribe(ROOM), cancelled after its Joined     -> code (CANCELLED)
//   compat      JoinChat as a UUID user id, sends a TEXT, sees it in the room through chat.v1 -> user_id, seq
//   done
'use strict';

const path = require('path');
const crypto = require('crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function parseArgs(argv) {
  const args = { 'max-seconds': '60' };
  for (let i = 2; i < argv.length; i += 2) {
    args[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const name of ['port', 'user', 'room', 'protos', 'grpc-protos']) {
    if (!args[name]) {
      throw new Error(`--${name} is required`);
    }
  }
  return args;
}

const args = parseArgs(process.argv);
const target = `127.0.0.1:${args.port}`;
const loaderOptions = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

function load(files, includeDirs) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(files, { ...loaderOptions, includeDirs }));
}

const chat = load(['chat.proto', 'compat.proto'], [args.protos]);
const health = load(['grpc/health/v1/health.proto'], [args['grpc-protos']]);
const reflection = load(['grpc/reflection/v1alpha/reflection.proto'], [args['grpc-protos']]);

const credentials = grpc.credentials.createInsecure();
const client = new chat.chat.v1.ChatService(target, credentials);
const compat = new chat.chat.ChatService(target, credentials);
const metadata = () => {
  const m = new grpc.Metadata();
  m.set('x-user-id', args.user);
  return m;
};

function print(step, fields) {
  process.stdout.write(JSON.stringify({ step, ...fields }) + '\n');
}

function codeName(code) {
  return Object.keys(grpc.status).find((k) => grpc.status[k] === code) || String(code);
}

function unary(stub, method, request, md, options) {
  return new Promise((resolve, reject) => {
    stub[method](request, md || new grpc.Metadata(), options || {}, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

// Resolves with the first message on a stream that matches, rejects when the stream ends first.
function waitFor(stream, predicate, what) {
  return new Promise((resolve, reject) => {
    const onData = (message) => {
      if (predicate(message)) {
        cleanup();
        resolve(message);
      }
    };
    const onEnd = (error) => {
      cleanup();
      reject(error || new Error(`the stream ended before ${what}`));
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('error', onEnd);
      stream.off('end', onEnd);
    };
    stream.on('data', onData);
    stream.on('error', onEnd);
    stream.on('end', onEnd);
  });
}

// Resolves with the status a stream ended with.
function statusOf(stream) {
  return new Promise((resolve) => {
    stream.on('data', () => {});
    stream.on('error', (error) => resolve(error));
    stream.on('status', (status) => resolve(status));
  });
}

async function checkHealth() {
  const stub = new health.grpc.health.v1.Health(target, credentials);
  const response = await unary(stub, 'Check', { service: '' });
  print('health', { status: response.status });
  stub.close();
}

async function listServices() {
  const stub = new reflection.grpc.reflection.v1alpha.ServerReflection(target, credentials);
  const call = stub.ServerReflectionInfo();
  const answer = waitFor(call, () => true, 'the reflection answer');
  call.write({ host: '', list_services: '' });
  const response = await answer;
  call.end();
  print('reflection', { services: response.list_services_response.service.map((s) => s.name).sort() });
  stub.close();
}

async function chatV1() {
  const connect = client.Connect(metadata());
  let requestId = 0;
  const request = (frame) => {
    requestId += 1;
    const answer = waitFor(connect, (f) => Number(f.request_id) === requestId, `the answer to request ${requestId}`);
    connect.write({ request_id: requestId, ...frame });
    return answer;
  };

  const welcome = await request({ hello: { user_id: args.user, display_name: 'Node ' + args.user } });
  if (welcome.kind !== 'welcome') {
    throw new Error('expected Welcome, got ' + JSON.stringify(welcome));
  }
  const joined = await request({ join: { room_id: args.room } });
  print('joined', { history: joined.joined.history.map((e) => e.text), last_seq: joined.joined.last_seq });

  const reply = waitFor(connect, (f) => f.kind === 'event' && f.event.kind === 'EVENT_KIND_TEXT' && f.event.text === 'reply to node', 'the reply');
  const ack = await request({ send: { room_id: args.room, text: 'hello from node', client_message_id: crypto.randomUUID() } });
  print('acked', { seq: ack.ack.seq, kind: ack.kind });
  const received = await reply;
  print('received', { sender: received.event.sender_id, seq: received.event.seq });

  const history = await unary(client, 'GetHistory', { room_id: args.room, limit: 10 }, metadata());
  print('history', { texts: history.events.map((e) => e.text) });

  connect.end();
  await statusOf(connect);
}

async function errors() {
  try {
    await unary(client, 'GetHistory', { room_id: 'never-created-' + crypto.randomUUID() }, metadata());
    print('not_found', { code: 'OK' });
  } catch (error) {
    print('not_found', { code: codeName(error.code) });
  }

  try {
    await unary(client, 'GetHistory', { room_id: 'bad/room' }, metadata());
    print('invalid', { code: 'OK' });
  } catch (error) {
    print('invalid', { code: codeName(error.code), details: error.details, field: (error.metadata.get('error-field') || [])[0] || '' });
  }

  const deadline = client.Subscribe({ rooms: [{ room_id: args.room }] }, metadata(), { deadline: Date.now() + 300 });
  print('deadline', { code: codeName((await statusOf(deadline)).code) });

  const subscription = client.Subscribe({ rooms: [{ room_id: args.room }] }, metadata());
  const ended = statusOf(subscription);
  await waitFor(subscription, (f) => f.kind === 'joined', 'the Joined of the subscription');
  subscription.cancel();
  print('cancelled', { code: codeName((await ended).code) });
}

async function seedCompat() {
  const userId = crypto.randomUUID();
  const stream = compat.JoinChat();
  stream.write({ user_id: userId, username: 'Node seed', message: '', timestamp: Date.now(), type: 'JOIN', room_id: args.room });
  // History comes first: the message this script sent on chat.v1 shows the JOIN was taken.
  await waitFor(stream, (m) => m.message === 'hello from node', 'the room history on JoinChat');
  // The seed stream gets no echo of its own message: watch the room through a chat.v1 subscription.
  const watcher = client.Subscribe({ rooms: [{ room_id: args.room }] }, metadata());
  const watcherEnded = statusOf(watcher);
  await waitFor(watcher, (f) => f.kind === 'joined', 'the Joined of the watcher');
  const seen = waitFor(watcher, (f) => f.kind === 'event' && f.event.text === 'seed says hi', 'the seed message in the room');
  stream.write({ user_id: userId, username: 'Node seed', message: 'seed says hi', timestamp: Date.now(), type: 'TEXT', room_id: args.room });
  const event = (await seen).event;
  watcher.cancel();
  await watcherEnded;
  const seq = event.seq;
  if (event.sender_id !== userId) {
    throw new Error('the seed message came from ' + event.sender_id);
  }
  stream.write({ user_id: userId, username: 'Node seed', message: '', timestamp: Date.now(), type: 'LEAVE', room_id: args.room });
  stream.end();
  await statusOf(stream);
  print('compat', { user_id: userId, seq });
}

async function main() {
  const limit = setTimeout(() => {
    print('fatal', { error: `no result within ${args['max-seconds']} s` });
    process.exit(1);
  }, Number(args['max-seconds']) * 1000);
  await checkHealth();
  await listServices();
  await chatV1();
  await errors();
  await seedCompat();
  print('done', {});
  clearTimeout(limit);
  client.close();
  compat.close();
}

main().catch((error) => {
  print('fatal', { error: String(error && (error.stack || error.message || error)) });
  process.exit(1);
});
