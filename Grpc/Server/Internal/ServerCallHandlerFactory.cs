using System.Reflection;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Builds the call handler of a method definition, closing the generic handler types over its message types.</summary>
internal static class ServerCallHandlerFactory
{
    private static readonly MethodInfo CreateTypedMethod =
        typeof(ServerCallHandlerFactory).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IServerCallHandler Create(ServerMethodDefinition definition, ServerCallHandlerServices services)
    {
        var definitionType = definition.GetType();
        if (!definitionType.IsGenericType || definitionType.GetGenericTypeDefinition() != typeof(ServerMethodDefinition<,>))
        {
            throw new ArgumentException($"Method definition of type {definitionType} is not supported.", nameof(definition));
        }

        try
        {
            return (IServerCallHandler)CreateTypedMethod.MakeGenericMethod(definitionType.GetGenericArguments()).Invoke(null, [definition, services])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static IServerCallHandler CreateTyped<TRequest, TResponse>(ServerMethodDefinition definition, ServerCallHandlerServices services)
    {
        var typed = (ServerMethodDefinition<TRequest, TResponse>)definition;
        var method = typed.TypedMethod;
        return method.Type switch
        {
            MethodType.Unary => new UnaryServerCallHandler<TRequest, TResponse>(
                method, (UnaryServerMethod<TRequest, TResponse>)typed.Handler, services),
            MethodType.ClientStreaming => new ClientStreamingServerCallHandler<TRequest, TResponse>(
                method, (ClientStreamingServerMethod<TRequest, TResponse>)typed.Handler, services),
            MethodType.ServerStreaming => new ServerStreamingServerCallHandler<TRequest, TResponse>(
                method, (ServerStreamingServerMethod<TRequest, TResponse>)typed.Handler, services),
            MethodType.DuplexStreaming => new DuplexStreamingServerCallHandler<TRequest, TResponse>(
                method, (DuplexStreamingServerMethod<TRequest, TResponse>)typed.Handler, services),
            _ => throw new ArgumentException($"Method {method.FullName} has unknown type {method.Type}.", nameof(definition)),
        };
    }
}
