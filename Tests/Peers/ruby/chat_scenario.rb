#!/usr/bin/ruby
# A chat.v1 + seed-compat client on Debian's ruby-grpc (grpc core), run by the end-to-end tests.
#
#   ruby chat_scenario.rb --port PORT --user USER --room ROOM --protos DIR
#
# Builds the message classes from protos/ (a descriptor set made by grpc_tools' protoc), declares the two
# services as grpc_ruby_plugin would, plays one scenario and prints one JSON line per step ({"step": ...}):
#
#   joined     Connect: Hello + Join ROOM                  -> history texts
#   acked      Send "hello from ruby"                      -> seq
#   received   waits for a TEXT "reply to ruby"            -> sender, seq
#   members    ListMembers(ROOM)                           -> user ids
#   denied     GetHistory without x-user-id                -> code
#   deadline   Subscribe(ROOM) with a 0.3 s deadline       -> code
#   compat     JoinChat with a UUID user id, then its history -> user_id, history texts
#   done
require 'json'
require 'securerandom'
require 'fileutils'
require 'tmpdir'
require 'timeout'
require 'grpc'
require 'google/protobuf/descriptor_pb'

def parse_args(argv)
  args = { 'max-seconds' => '60' }
  argv.each_slice(2) { |name, value| args[name.sub(/^--/, '')] = value }
  %w[port user room protos].each { |name| raise "--#{name} is required" unless args[name] }
  args
end

ARGS = parse_args(ARGV)
OUT_DIR = Dir.mktmpdir('orleanschat-ruby-peer')
at_exit { FileUtils.remove_entry(OUT_DIR) if File.directory?(OUT_DIR) }
# Debian's grpc_tools bundles protoc 3.5.1, which predates proto3 `optional`: each `optional T name = N;` becomes
# the synthetic `oneof _name { T name = N; }` protoc itself would make (same wire format and presence).
SRC_DIR = File.join(OUT_DIR, 'src')
FileUtils.mkdir_p(SRC_DIR)
%w[chat.proto compat.proto].each do |name|
  text = File.read(File.join(ARGS['protos'], name))
  File.write(File.join(SRC_DIR, name), text.gsub(/^(\s*)optional\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/) { "#{$1}oneof _#{$3} { #{$2} #{$3} = #{$4}; }" })
end
DESCRIPTORS = File.join(OUT_DIR, 'chat.pb')
unless system('/usr/bin/python3', '-m', 'grpc_tools.protoc', "-I#{SRC_DIR}", '--include_imports', "--descriptor_set_out=#{DESCRIPTORS}", 'chat.proto', 'compat.proto')
  raise 'protoc (python3 -m grpc_tools.protoc) failed'
end
# grpc_tools' protoc has no Ruby generator: the message classes come from the descriptors themselves.
Google::Protobuf::FileDescriptorSet.decode(File.binread(DESCRIPTORS)).file.each do |file|
  pool = Google::Protobuf::DescriptorPool.generated_pool
  pool.add_serialized_file(Google::Protobuf::FileDescriptorProto.encode(file))
  # A nested message or enum is usable only once its class is built.
  file.message_type.each { |type| pool.lookup("#{file.package}.#{type.name}").msgclass }
  file.enum_type.each { |type| pool.lookup("#{file.package}.#{type.name}").enummodule }
end

def message(name)
  Google::Protobuf::DescriptorPool.generated_pool.lookup(name).msgclass
end

module Chat
  module V1
    %w[ClientFrame ServerFrame Hello JoinRoom SendMessage SubscribeRequest GetHistoryRequest GetHistoryResponse
       ListMembersRequest ListMembersResponse].each { |name| const_set(name, message("chat.v1.#{name}")) }
  end
  ChatMessage = message('chat.ChatMessage')
end

module ChatV1
  class Service
    include GRPC::GenericService
    self.marshal_class_method = :encode
    self.unmarshal_class_method = :decode
    self.service_name = 'chat.v1.ChatService'
    rpc :Connect, stream(Chat::V1::ClientFrame), stream(Chat::V1::ServerFrame)
    rpc :Subscribe, Chat::V1::SubscribeRequest, stream(Chat::V1::ServerFrame)
    rpc :GetHistory, Chat::V1::GetHistoryRequest, Chat::V1::GetHistoryResponse
    rpc :ListMembers, Chat::V1::ListMembersRequest, Chat::V1::ListMembersResponse
  end
  Stub = Service.rpc_stub_class
end

module Seed
  class Service
    include GRPC::GenericService
    self.marshal_class_method = :encode
    self.unmarshal_class_method = :decode
    self.service_name = 'chat.ChatService'
    rpc :JoinChat, stream(Chat::ChatMessage), stream(Chat::ChatMessage)
  end
  Stub = Service.rpc_stub_class
end

def print_step(step, fields = {})
  $stdout.puts(JSON.generate({ step: step }.merge(fields)))
  $stdout.flush
end

def code_name(code)
  GRPC::Core::StatusCodes.constants.find { |c| GRPC::Core::StatusCodes.const_get(c) == code }.to_s
end

TARGET = "127.0.0.1:#{ARGS['port']}".freeze
USER_METADATA = { 'x-user-id' => ARGS['user'] }.freeze

def chat_v1(stub)
  outgoing = Queue.new
  requests = Enumerator.new do |y|
    loop do
      frame = outgoing.pop
      break if frame == :close

      y << frame
    end
  end
  responses = stub.connect(requests, metadata: USER_METADATA)
  outgoing << Chat::V1::ClientFrame.new(request_id: 1, hello: Chat::V1::Hello.new(user_id: ARGS['user'], display_name: "Ruby #{ARGS['user']}"))
  outgoing << Chat::V1::ClientFrame.new(request_id: 2, join: Chat::V1::JoinRoom.new(room_id: ARGS['room']))
  sent = false
  responses.each do |frame|
    case frame.kind
    when :joined
      print_step('joined', history: frame.joined.history.map(&:text))
      outgoing << Chat::V1::ClientFrame.new(request_id: 3, send: Chat::V1::SendMessage.new(room_id: ARGS['room'], text: 'hello from ruby', client_message_id: SecureRandom.uuid))
    when :ack
      print_step('acked', seq: frame.ack.seq)
      sent = true
    when :event
      next unless sent && frame.event.kind == :EVENT_KIND_TEXT && frame.event.text == 'reply to ruby'

      print_step('received', sender: frame.event.sender_id, seq: frame.event.seq)
      outgoing << :close
    when :error
      raise "the server answered an Error: #{frame.error.message}"
    end
  end
end

def errors(stub)
  members = stub.list_members(Chat::V1::ListMembersRequest.new(room_id: ARGS['room']), metadata: USER_METADATA)
  print_step('members', users: members.members.map(&:user_id).sort)
  begin
    stub.get_history(Chat::V1::GetHistoryRequest.new(room_id: ARGS['room']))
    print_step('denied', code: 'OK')
  rescue GRPC::BadStatus => e
    print_step('denied', code: code_name(e.code))
  end
  begin
    stub.subscribe(Chat::V1::SubscribeRequest.new(rooms: [Chat::V1::JoinRoom.new(room_id: ARGS['room'])]),
                   metadata: USER_METADATA, deadline: Time.now + 0.3).each { |_| nil }
    print_step('deadline', code: 'OK')
  rescue GRPC::BadStatus => e
    print_step('deadline', code: code_name(e.code))
  end
end

def seed(stub)
  user_id = SecureRandom.uuid
  outgoing = Queue.new
  requests = Enumerator.new do |y|
    loop do
      message = outgoing.pop
      break if message == :close

      y << message
    end
  end
  outgoing << Chat::ChatMessage.new(user_id: user_id, username: 'Ruby seed', type: :JOIN, room_id: ARGS['room'], timestamp: (Time.now.to_f * 1000).to_i)
  history = []
  stub.join_chat(requests).each do |message|
    history << message.message
    next unless message.message == 'hello from ruby'

    outgoing << Chat::ChatMessage.new(user_id: user_id, username: 'Ruby seed', type: :LEAVE, room_id: ARGS['room'])
    outgoing << :close
  end
  print_step('compat', user_id: user_id, history: history)
end

begin
  Timeout.timeout(Integer(ARGS['max-seconds'])) do
    channel = GRPC::Core::Channel.new(TARGET, {}, :this_channel_is_insecure)
    stub = ChatV1::Stub.new(TARGET, :this_channel_is_insecure, channel_override: channel)
    chat_v1(stub)
    errors(stub)
    seed(Seed::Stub.new(TARGET, :this_channel_is_insecure, channel_override: channel))
    print_step('done')
  end
rescue StandardError, Timeout::Error => e
  print_step('fatal', error: "#{e.class}: #{e.message}")
  exit 1
end
