namespace OrleansChat.Runtime;

/// <summary>A stored state: serialized protobuf payload and its etag.</summary>
/// <param name="Payload">The protobuf-serialized state.</param>
/// <param name="Etag">The version tag; changes on every write.</param>
public sealed record GrainStateRecord(ReadOnlyMemory<byte> Payload, string Etag);
