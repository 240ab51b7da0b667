using OrleansChat.Bench.Load.Measure;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// What the load generator needs from a <see cref="ServerFrame"/>: its kind and request id, the stamp of a
/// benchmark message for events, and the fully parsed frame only for the rare kinds (Welcome, Joined, Error, …).
/// A struct, so the hot path (events and acks) allocates nothing per frame on the client side.
/// </summary>
internal readonly record struct FrameSummary(ServerFrame.KindOneofCase Kind, ulong RequestId, MessageStamp? Stamp, ServerFrame? Full);
