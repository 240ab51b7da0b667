using System.Buffers;
using Grpc.Core;
using OrleansChat.Bench.Load.Measure;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// Reads a serialized <see cref="ServerFrame"/> directly from the protobuf wire format: request_id (field 1),
/// the oneof case, and for an event (field 4) the text of the <see cref="ChatEvent"/> (field 7). Frames of other
/// kinds that carry data the benchmark looks at are parsed in full with the generated parser.
/// </summary>
internal static class FrameSummaryParser
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;
    private const int RequestIdField = 1;
    private const int EventTextField = 7;

    /// <summary>The response deserializer: grpc-dotnet hands over each message in one pooled buffer.</summary>
    public static FrameSummary Parse(DeserializationContext context)
    {
        var payload = context.PayloadAsReadOnlySequence();
        return payload.IsSingleSegment ? Parse(payload.FirstSpan) : Parse(payload.ToArray());
    }

    public static FrameSummary Parse(ReadOnlySpan<byte> data)
    {
        var span = data;
        ulong requestId = 0;
        var kind = ServerFrame.KindOneofCase.None;
        MessageStamp? stamp = null;
        while (!span.IsEmpty)
        {
            var tag = ReadVarint(ref span);
            var field = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            if (field == RequestIdField && wireType == WireVarint)
            {
                requestId = ReadVarint(ref span);
                continue;
            }

            if (wireType == WireLengthDelimited && field is >= (int)ServerFrame.KindOneofCase.Welcome and <= (int)ServerFrame.KindOneofCase.Left)
            {
                kind = (ServerFrame.KindOneofCase)field;
                var body = ReadLengthDelimited(ref span);
                if (kind == ServerFrame.KindOneofCase.Event)
                {
                    stamp = ReadEventStamp(body);
                }
                else if (kind is not (ServerFrame.KindOneofCase.Ack or ServerFrame.KindOneofCase.Presence or ServerFrame.KindOneofCase.Typing))
                {
                    var full = ServerFrame.Parser.ParseFrom(data);
                    return new FrameSummary(kind, full.RequestId, null, full);
                }

                continue;
            }

            Skip(ref span, wireType);
        }

        return new FrameSummary(kind, requestId, stamp, null);
    }

    private static MessageStamp? ReadEventStamp(ReadOnlySpan<byte> chatEvent)
    {
        while (!chatEvent.IsEmpty)
        {
            var tag = ReadVarint(ref chatEvent);
            var wireType = (int)(tag & 7);
            if ((int)(tag >> 3) == EventTextField && wireType == WireLengthDelimited)
            {
                return MessageStamp.TryParse(ReadLengthDelimited(ref chatEvent), out var stamp) ? stamp : null;
            }

            Skip(ref chatEvent, wireType);
        }

        return null;
    }

    private static ulong ReadVarint(ref ReadOnlySpan<byte> span)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (span.IsEmpty)
            {
                throw new FormatException("Truncated varint in a server frame.");
            }

            var b = span[0];
            span = span[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("Malformed varint in a server frame.");
    }

    private static ReadOnlySpan<byte> ReadLengthDelimited(ref ReadOnlySpan<byte> span)
    {
        var length = ReadVarint(ref span);
        if (length > (ulong)span.Length)
        {
            throw new FormatException("Truncated field in a server frame.");
        }

        var body = span[..(int)length];
        span = span[(int)length..];
        return body;
    }

    private static void Skip(ref ReadOnlySpan<byte> span, int wireType)
    {
        switch (wireType)
        {
            case WireVarint:
                ReadVarint(ref span);
                break;
            case WireFixed64:
                span = span[8..];
                break;
            case WireLengthDelimited:
                ReadLengthDelimited(ref span);
                break;
            case WireFixed32:
                span = span[4..];
                break;
            default:
                throw new FormatException($"Unsupported wire type {wireType} in a server frame.");
        }
    }
}
