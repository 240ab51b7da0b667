using Google.Protobuf;
using Grpc.Core;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// gRPC marshallers for the cluster's protobuf messages (protos/cluster*.proto are compiled with
/// <c>GrpcServices="None"</c>, so the method descriptors are written by hand). Like the code Grpc.Tools generates,
/// messages are written straight into the transport's buffer and parsed from its sequence, without an intermediate
/// array.
/// </summary>
internal static class ProtobufMarshaller
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T>, IBufferMessage =>
        Marshallers.Create<T>(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
