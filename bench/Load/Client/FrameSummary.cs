using OrleansChat.Bench.Load.Measure;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// What the load generator needs from a <see cref="ServerFrame"/>: its kind and request id, the stamp of a
/// benchmark message for events, and the fully parsed frame only for the rare kinds (Welcome, Joined, Error, …).
/// The hot path (events and acks) allocates this one small object per frame instead of a full <see cref="ServerFrame"/>
/// with its strings (grpc-dotnet's response type must be a class, so it is no longer a struct).
/// </summary>
internal sealed record FrameSummary(ServerFrame.KindOneofCase Kind, ulong RequestId, MessageStamp? Stamp, ServerFrame? Full);
