using Grpc.Core;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>The <c>orleanschat.cluster.v1.ClusterStreams</c> methods (protos/cluster_streams.proto) and their trailers.</summary>
internal static class ClusterStreamMethods
{
    public const string ServiceName = "orleanschat.cluster.v1.ClusterStreams";

    /// <summary>Trailer naming why the owner refused a call (values below).</summary>
    public const string ErrorTrailer = "orleanschat-stream-error";

    /// <summary>Trailer of a refused rewind: the oldest token the owner's cache holds.</summary>
    public const string OldestTokenTrailer = "orleanschat-oldest-token";

    /// <summary>Trailer of a refused rewind: the newest token the owner published.</summary>
    public const string NewestTokenTrailer = "orleanschat-newest-token";

    public const string NotOwner = "not-owner";
    public const string RewindUnavailable = "rewind-unavailable";
    public const string InvalidToken = "invalid-token";
    public const string InvalidRequest = "invalid-request";
    public const string ItemTypeMismatch = "item-type-mismatch";
    public const string Limit = "limit";
    public const string Stopping = "stopping";

    public static readonly Method<StreamPublishRequest, StreamPublishReply> Publish = new(
        MethodType.Unary,
        ServiceName,
        "Publish",
        ProtobufMarshaller.For(StreamPublishRequest.Parser),
        ProtobufMarshaller.For(StreamPublishReply.Parser));

    public static readonly Method<StreamSubscribeRequest, StreamEvent> Subscribe = new(
        MethodType.ServerStreaming,
        ServiceName,
        "Subscribe",
        ProtobufMarshaller.For(StreamSubscribeRequest.Parser),
        ProtobufMarshaller.For(StreamEvent.Parser));
}
