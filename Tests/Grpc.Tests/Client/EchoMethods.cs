using Peer;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>Hand-written descriptors of peer.Echo (Tests/Peers/peer.proto) and of paths no peer serves.</summary>
internal static class EchoMethods
{
    public const string ServiceName = "peer.Echo";

    private static readonly Marshaller<EchoRequest> Request = Marshallers.ForProtobuf(EchoRequest.Parser);
    private static readonly Marshaller<EchoReply> Reply = Marshallers.ForProtobuf(EchoReply.Parser);

    public static readonly Method<EchoRequest, EchoReply> Unary = new(MethodType.Unary, ServiceName, "Unary", Request, Reply);

    public static readonly Method<EchoRequest, EchoReply> ServerStream = new(MethodType.ServerStreaming, ServiceName, "ServerStream", Request, Reply);

    public static readonly Method<EchoRequest, EchoReply> ClientStream = new(MethodType.ClientStreaming, ServiceName, "ClientStream", Request, Reply);

    public static readonly Method<EchoRequest, EchoReply> Duplex = new(MethodType.DuplexStreaming, ServiceName, "Duplex", Request, Reply);

    public static readonly Method<WaitCancelledRequest, WaitCancelledReply> WaitCancelled = new(
        MethodType.Unary,
        ServiceName,
        "WaitCancelled",
        Marshallers.ForProtobuf(WaitCancelledRequest.Parser),
        Marshallers.ForProtobuf(WaitCancelledReply.Parser));

    /// <summary>A method the service does not have.</summary>
    public static readonly Method<EchoRequest, EchoReply> Missing = new(MethodType.Unary, ServiceName, "Missing", Request, Reply);

    /// <summary>A service the server does not have.</summary>
    public static readonly Method<EchoRequest, EchoReply> MissingService = new(MethodType.Unary, "peer.Nowhere", "Unary", Request, Reply);

    /// <summary>The Node peer's gzip-compressing responder (grpc-js itself never compresses responses).</summary>
    public static readonly Method<EchoRequest, EchoReply> RawGzipUnary = new(MethodType.Unary, "peer.RawGzip", "Unary", Request, Reply);
}
