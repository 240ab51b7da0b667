using Grpc.Core;
using OrleansChat.Bench.Load.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// The raw baseline's binding of <c>chat.v1.ChatService/Connect</c> (the path the load generator calls), shaped like
/// the base class Grpc.Tools generates and like the gateway's <c>ChatServiceDefinition</c>: responses are
/// <see cref="ServerFrame"/>s already serialized, handed to grpc-dotnet as they are. grpc-dotnet finds the handler by
/// name and parameter types on the type carrying the attribute, so <see cref="Connect"/> is declared here.
/// </summary>
[BindServiceMethod(typeof(BroadcastServiceDefinition), nameof(BindService))]
internal abstract class BroadcastServiceDefinition
{
    private static readonly Marshaller<byte[]> SerializedFrameMarshaller = Marshallers.Create<byte[]>(
        (frame, context) => context.Complete(frame),
        _ => throw new NotSupportedException("The baseline only sends server frames, never receives them."));

    private static readonly Method<ClientFrame, byte[]> ConnectMethod = new(
        MethodType.DuplexStreaming,
        ChatMethods.ServiceName,
        ChatMethods.ConnectMethodName,
        ChatMethods.RequestMarshaller,
        SerializedFrameMarshaller);

    public static void BindService(ServiceBinderBase binder, BroadcastServiceDefinition? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(ConnectMethod, service is null ? null : new DuplexStreamingServerMethod<ClientFrame, byte[]>(service.Connect));
    }

    /// <summary>One client stream: its requests in, serialized <see cref="ServerFrame"/>s out.</summary>
    public abstract Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<byte[]> responseStream, ServerCallContext context);
}
