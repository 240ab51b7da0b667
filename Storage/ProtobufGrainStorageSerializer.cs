using Google.Protobuf;
using Orleans.Storage;

namespace OrleansChat.Storage;

/// <summary>
/// Google.Protobuf messages are stored as their protobuf bytes (compact, versioned by the .proto, and what the rows
/// written before the move to Orleans hold); any other state type goes to <paramref name="fallback"/>.
/// </summary>
internal sealed class ProtobufGrainStorageSerializer(IGrainStorageSerializer fallback) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) =>
        input is IMessage message ? new BinaryData(message.ToByteArray()) : fallback.Serialize(input);

    public T? Deserialize<T>(BinaryData input)
    {
        if (!typeof(IMessage).IsAssignableFrom(typeof(T)))
        {
            return fallback.Deserialize<T>(input);
        }

        var state = Activator.CreateInstance<T>();
        ((IMessage)state!).MergeFrom(input.ToMemory().Span);
        return state;
    }
}
