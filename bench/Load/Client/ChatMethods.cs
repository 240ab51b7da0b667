using OrleansChat.Grpc;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// The duplex methods the load generator calls: <see cref="ChatServiceMethods.Connect"/>'s path and request
/// marshaller, with responses read by <see cref="FrameSummaryParser"/> instead of the generated parser; and the
/// same contract served by the raw baseline as <c>bench.Broadcast/Connect</c>, so one client drives both.
/// </summary>
internal static class ChatMethods
{
    public const string BaselineServiceName = "bench.Broadcast";

    private static readonly Marshaller<FrameSummary> SummaryMarshaller = Marshallers.Create<FrameSummary>(
        _ => throw new NotSupportedException("The load generator only reads server frames."),
        FrameSummaryParser.Parse);

    public static string ConnectMethodName => ChatServiceMethods.Connect.Name;

    public static Method<ClientFrame, FrameSummary> ChatConnect { get; } = Connect(ChatServiceMethods.ServiceName);

    public static Method<ClientFrame, FrameSummary> BaselineConnect { get; } = Connect(BaselineServiceName);

    private static Method<ClientFrame, FrameSummary> Connect(string service)
        => new(MethodType.DuplexStreaming, service, ConnectMethodName, ChatServiceMethods.Connect.RequestMarshaller, SummaryMarshaller);
}
