using Grpc.Core;
using OrleansChat.Runtime.Cluster.Protocol;

namespace OrleansChat.Runtime.Cluster;

/// <summary>The method descriptors of <c>orleanschat.cluster.v1.SiloMessaging</c> (protos/cluster.proto) and its header names.</summary>
internal static class SiloMessagingMethods
{
    public const string ServiceName = "orleanschat.cluster.v1.SiloMessaging";

    /// <summary>Request header naming the silo the caller means ("host:port@generation"); another silo rejects the call.</summary>
    public const string TargetSiloHeader = "orleanschat-target-silo";

    /// <summary>Request header naming the caller (a silo address or a client name), for logs.</summary>
    public const string CallerHeader = "orleanschat-caller";

    public static readonly Method<Envelope, Envelope> Connect = new(
        MethodType.DuplexStreaming, ServiceName, "Connect", ProtobufMarshaller.For(Envelope.Parser), ProtobufMarshaller.For(Envelope.Parser));

    public static readonly Method<ManifestRequest, Manifest> GetManifest = new(
        MethodType.Unary, ServiceName, "GetManifest", ProtobufMarshaller.For(ManifestRequest.Parser), ProtobufMarshaller.For(Manifest.Parser));
}
