using Google.Protobuf.Reflection;

namespace OrleansChat.Grpc;

/// <summary>The methods of one service and their handlers, ready to be served.</summary>
public sealed class ServerServiceDefinition
{
    private ServerServiceDefinition(string serviceName, IReadOnlyList<ServerMethodDefinition> methods, ServiceDescriptor? descriptor)
    {
        ServiceName = serviceName;
        Methods = methods;
        Descriptor = descriptor;
    }

    /// <summary>The fully qualified service name, e.g. <c>chat.v1.ChatService</c>.</summary>
    public string ServiceName { get; }

    public IReadOnlyList<ServerMethodDefinition> Methods { get; }

    /// <summary>The protobuf descriptor, used by server reflection; null for services without one.</summary>
    public ServiceDescriptor? Descriptor { get; }

    public static Builder CreateBuilder(string serviceName, ServiceDescriptor? descriptor = null) => new(serviceName, descriptor);

    public sealed class Builder
    {
        private readonly string _serviceName;
        private readonly ServiceDescriptor? _descriptor;
        private readonly List<ServerMethodDefinition> _methods = [];

        internal Builder(string serviceName, ServiceDescriptor? descriptor)
        {
            _serviceName = serviceName;
            _descriptor = descriptor;
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            => Add(method, MethodType.Unary, handler);

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            => Add(method, MethodType.ClientStreaming, handler);

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            => Add(method, MethodType.ServerStreaming, handler);

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
            => Add(method, MethodType.DuplexStreaming, handler);

        public ServerServiceDefinition Build() => new(_serviceName, _methods.ToArray(), _descriptor);

        private Builder Add<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected, Delegate handler)
        {
            if (method.Type != expected)
            {
                throw new ArgumentException($"Method {method.FullName} is {method.Type} but its handler is {expected}.", nameof(method));
            }

            if (method.ServiceName != _serviceName)
            {
                throw new ArgumentException($"Method {method.FullName} does not belong to service {_serviceName}.", nameof(method));
            }

            if (_methods.Any(m => m.Method.FullName == method.FullName))
            {
                throw new ArgumentException($"Method {method.FullName} is added twice.", nameof(method));
            }

            _methods.Add(new ServerMethodDefinition<TRequest, TResponse>(method, handler));
            return this;
        }
    }
}

/// <summary>One method of a service with its handler.</summary>
public abstract class ServerMethodDefinition
{
    private protected ServerMethodDefinition()
    {
    }

    public abstract IMethod Method { get; }

    /// <summary>The handler: one of the four <c>*ServerMethod</c> delegates, matching <see cref="IMethod.Type"/>.</summary>
    public abstract Delegate Handler { get; }
}

internal sealed class ServerMethodDefinition<TRequest, TResponse>(Method<TRequest, TResponse> method, Delegate handler) : ServerMethodDefinition
{
    public override IMethod Method => TypedMethod;

    public Method<TRequest, TResponse> TypedMethod { get; } = method;

    public override Delegate Handler { get; } = handler;
}
