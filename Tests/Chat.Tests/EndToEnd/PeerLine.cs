using System.Text.Json;
using Google.Protobuf;
using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// One JSON line printed by <c>chat_peer.py</c>. Frames and compat messages are parsed into the C# contract
/// types (<see cref="ServerFrame"/>, <see cref="ChatMessage"/>) with protobuf's JSON parser, so the tests
/// assert on the same types the server uses.
/// </summary>
internal sealed class PeerLine
{
    private static readonly JsonParser ProtoJson = new(JsonParser.Settings.Default);

    private PeerLine(int index, string raw, JsonElement json)
    {
        Index = index;
        Raw = raw;
        Json = json;
        Type = Str("type") ?? "?";
        Stream = Str("stream");
        Code = Str("code");
        Details = Str("details");
        Op = Str("op");
        Id = json.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : null;
        Call = json.TryGetProperty("call", out var call) && call.ValueKind == JsonValueKind.Number ? call.GetInt32() : 0;
        if (Type == "frame")
        {
            Frame = ProtoJson.Parse<ServerFrame>(json.GetProperty("frame").GetRawText());
        }
        else if (Type == "compat")
        {
            Compat = ProtoJson.Parse<ChatMessage>(json.GetProperty("msg").GetRawText());
        }
    }

    /// <summary>Position among the peer's lines (0 = the first).</summary>
    public int Index { get; }

    public string Raw { get; }

    public JsonElement Json { get; }

    /// <summary>ready, sent, frame, compat, stream_end, unary, fatal, bye (or "unparsed").</summary>
    public string Type { get; }

    /// <summary>connect, subscribe or compat.</summary>
    public string? Stream { get; }

    /// <summary>The Connect call number within the peer (1 = first; a new call after close/cancel).</summary>
    public int Call { get; }

    /// <summary>A gRPC status name for stream_end and unary lines ("OK" on success).</summary>
    public string? Code { get; }

    public string? Details { get; }

    public string? Op { get; }

    public int? Id { get; }

    public ServerFrame? Frame { get; }

    public ChatMessage? Compat { get; }

    public ChatEvent? Event => Frame?.KindCase == ServerFrame.KindOneofCase.Event ? Frame.Event : null;

    public bool IsFatal => Type is "fatal" or "unparsed";

    public static PeerLine Parse(int index, string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return new PeerLine(index, raw, document.RootElement.Clone());
        }
        catch (Exception e) when (e is JsonException or InvalidProtocolBufferException or InvalidOperationException)
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { type = "unparsed", raw, error = e.Message }));
            return new PeerLine(index, raw, document.RootElement.Clone());
        }
    }

    /// <summary>The response of a unary line as a contract type.</summary>
    public T Response<T>()
        where T : IMessage<T>, new()
        => ProtoJson.Parse<T>(Json.GetProperty("response").GetRawText());

    public override string ToString() => Raw;

    private string? Str(string name)
        => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
