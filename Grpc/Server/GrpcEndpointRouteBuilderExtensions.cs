using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Grpc.Server.Internal;

namespace OrleansChat.Grpc.Server;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>The logger category of call handling.</summary>
    internal const string LoggerCategory = "OrleansChat.Grpc.Server";

    /// <summary>
    /// Maps a POST endpoint per method of every registered service, plus a catch-all POST endpoint that answers
    /// any other path with UNIMPLEMENTED. The returned builder applies conventions to all of them.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var serviceProvider = endpoints.ServiceProvider;
        var registry = serviceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before MapGrpcServices().");
        var options = serviceProvider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = serviceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        var services = new ServerCallHandlerServices(options, logger, registry);

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var service in registry.Services)
        {
            foreach (var method in service.Methods)
            {
                var handler = ServerCallHandlerFactory.Create(method, services);
                builders.Add(endpoints
                    .MapPost(method.Method.FullName, new RequestDelegate(handler.HandleCallAsync))
                    .WithDisplayName("gRPC - " + method.Method.FullName));
            }
        }

        var unimplemented = new UnimplementedCallHandler(services);
        builders.Add(endpoints
            .MapPost("{**unimplementedPath}", new RequestDelegate(unimplemented.HandleCallAsync))
            .WithDisplayName("gRPC - Unimplemented"));

        return new CompositeEndpointConventionBuilder(builders);
    }
}
