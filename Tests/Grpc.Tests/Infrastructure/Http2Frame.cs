namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>One received HTTP/2 frame (RFC 9113 section 4.1); HEADERS carry their decoded header list, with any
/// CONTINUATION frames folded in.</summary>
internal sealed record Http2Frame(Http2FrameType Type, byte Flags, int StreamId, byte[] Payload, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public const byte EndStreamFlag = 0x1;
    public const byte EndHeadersFlag = 0x4;

    public bool EndStream => (Type is Http2FrameType.Data or Http2FrameType.Headers) && (Flags & EndStreamFlag) != 0;

    /// <summary>The error code of RST_STREAM.</summary>
    public int ErrorCode => Type == Http2FrameType.RstStream
        ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Payload)
        : throw new InvalidOperationException($"{Type} frames carry no error code here.");

    public string? Header(string name) => Headers?.Where(h => h.Name == name).Select(h => h.Value).LastOrDefault();

    public override string ToString() => $"{Type} stream={StreamId} flags=0x{Flags:x} length={Payload.Length}"
        + (Headers is null ? string.Empty : " [" + string.Join(", ", Headers.Select(h => h.Name + ": " + h.Value)) + "]");
}
