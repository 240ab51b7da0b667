namespace OrleansChat.Grpc.Server.Internal;

/// <summary>One service added with <c>AddGrpcService</c>; its definition is built when the server maps its routes.</summary>
internal sealed class GrpcServiceRegistration(Func<IServiceProvider, ServerServiceDefinition> factory)
{
    public Func<IServiceProvider, ServerServiceDefinition> Factory { get; } = factory;
}
