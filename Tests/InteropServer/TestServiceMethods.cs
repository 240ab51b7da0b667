using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Testing;
using OrleansChat.Grpc;

namespace OrleansChat.InteropServer;

/// <summary>
/// The methods of <c>grpc.testing.TestService</c> and <c>grpc.testing.UnimplementedService</c>
/// (grpc/grpc <c>src/proto/grpc/testing/test.proto</c>), shared by the interop server and by
/// clients that call it.
/// </summary>
public static class TestServiceMethods
{
    public const string ServiceName = "grpc.testing.TestService";

    public const string UnimplementedServiceName = "grpc.testing.UnimplementedService";

    public static readonly ServiceDescriptor Descriptor =
        TestReflection.Descriptor.Services.Single(service => service.FullName == ServiceName);

    public static readonly Method<Empty, Empty> EmptyCall =
        Create(MethodType.Unary, ServiceName, "EmptyCall", Empty.Parser, Empty.Parser);

    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall =
        Create(MethodType.Unary, ServiceName, "UnaryCall", SimpleRequest.Parser, SimpleResponse.Parser);

    public static readonly Method<SimpleRequest, SimpleResponse> CacheableUnaryCall =
        Create(MethodType.Unary, ServiceName, "CacheableUnaryCall", SimpleRequest.Parser, SimpleResponse.Parser);

    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Create(MethodType.ServerStreaming, ServiceName, "StreamingOutputCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);

    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        Create(MethodType.ClientStreaming, ServiceName, "StreamingInputCall", StreamingInputCallRequest.Parser, StreamingInputCallResponse.Parser);

    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        Create(MethodType.DuplexStreaming, ServiceName, "FullDuplexCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);

    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> HalfDuplexCall =
        Create(MethodType.DuplexStreaming, ServiceName, "HalfDuplexCall", StreamingOutputCallRequest.Parser, StreamingOutputCallResponse.Parser);

    /// <summary>Declared by the proto but deliberately not served: calling it must end in UNIMPLEMENTED.</summary>
    public static readonly Method<Empty, Empty> UnimplementedCall =
        Create(MethodType.Unary, ServiceName, "UnimplementedCall", Empty.Parser, Empty.Parser);

    /// <summary>A method of a service the interop server does not register at all.</summary>
    public static readonly Method<Empty, Empty> UnimplementedServiceCall =
        Create(MethodType.Unary, UnimplementedServiceName, "UnimplementedCall", Empty.Parser, Empty.Parser);

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(
        MethodType type,
        string serviceName,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => new(type, serviceName, name, Marshallers.ForProtobuf(requestParser), Marshallers.ForProtobuf(responseParser));
}
