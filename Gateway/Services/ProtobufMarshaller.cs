using Google.Protobuf;
using Grpc.Core;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// The marshaller Grpc.Tools would generate for a protobuf message (buffer-based, no intermediate array), except
/// that a request that does not parse is the caller's mistake: INVALID_ARGUMENT naming the message, not UNKNOWN.
/// </summary>
internal static class ProtobufMarshaller
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : class, IMessage<T>, IBufferMessage =>
        Marshallers.Create(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => Parse(parser, context));

    private static T Parse<T>(MessageParser<T> parser, DeserializationContext context)
        where T : class, IMessage<T>, IBufferMessage
    {
        try
        {
            return parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException exception)
        {
            var name = parser.ParseFrom(ByteString.Empty).Descriptor.FullName;
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the message is not a valid " + name + ": " + exception.Message));
        }
    }
}
