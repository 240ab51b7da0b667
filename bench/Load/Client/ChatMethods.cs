using Google.Protobuf;
using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// The duplex method the load generator calls: <c>chat.v1.ChatService/Connect</c>, requests serialized as Grpc.Tools'
/// marshaller does, responses read by <see cref="FrameSummaryParser"/> instead of the generated parser (the generated
/// <see cref="ChatService.ChatServiceClient"/> would build a full <see cref="ServerFrame"/> per delivery). The raw
/// baseline serves the same path with the same frames, so one client drives both.
/// </summary>
internal static class ChatMethods
{
    public const string ConnectMethodName = "Connect";

    /// <summary><c>chat.v1.ChatService</c>, as <c>chat.proto</c> declares it.</summary>
    public static string ServiceName { get; } = ChatService.Descriptor.FullName;

    /// <summary>Writes a <see cref="ClientFrame"/> straight into the call's buffer; reads one (for the baseline server).</summary>
    public static Marshaller<ClientFrame> RequestMarshaller { get; } = Marshallers.Create<ClientFrame>(
        (frame, context) =>
        {
            context.SetPayloadLength(frame.CalculateSize());
            frame.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context => ClientFrame.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    public static Method<ClientFrame, FrameSummary> Connect { get; } = new(
        MethodType.DuplexStreaming,
        ServiceName,
        ConnectMethodName,
        RequestMarshaller,
        Marshallers.Create<FrameSummary>(
            (_, _) => throw new NotSupportedException("The load generator only reads server frames."),
            FrameSummaryParser.Parse));
}
