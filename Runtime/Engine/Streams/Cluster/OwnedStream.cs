using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// A stream this silo owns: its state in a local <see cref="StreamQueue{T}"/> of payload bytes (so remote publishers
/// and subscribers pass through without parsing), and the protobuf name of the item type it carries.
/// </summary>
internal sealed record OwnedStream(StreamQueue<StreamItemPayload> Queue, string ItemType);
