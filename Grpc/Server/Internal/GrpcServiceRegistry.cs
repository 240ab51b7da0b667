namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Every service the server serves, built once from the registrations. Services such as reflection read
/// it lazily, after it is built, since they are part of it.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly Lazy<IReadOnlyList<ServerServiceDefinition>> _services;
    private readonly Lazy<HashSet<string>> _serviceNames;

    public GrpcServiceRegistry(IEnumerable<GrpcServiceRegistration> registrations, IServiceProvider serviceProvider)
    {
        _services = new Lazy<IReadOnlyList<ServerServiceDefinition>>(() => Build(registrations, serviceProvider));
        _serviceNames = new Lazy<HashSet<string>>(() => new HashSet<string>(_services.Value.Select(s => s.ServiceName), StringComparer.Ordinal));
    }

    public IReadOnlyList<ServerServiceDefinition> Services => _services.Value;

    public bool ContainsService(string serviceName) => _serviceNames.Value.Contains(serviceName);

    private static ServerServiceDefinition[] Build(IEnumerable<GrpcServiceRegistration> registrations, IServiceProvider serviceProvider)
    {
        var definitions = new List<ServerServiceDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            var definition = registration.Factory(serviceProvider)
                ?? throw new InvalidOperationException("A gRPC service factory returned null.");
            if (!names.Add(definition.ServiceName))
            {
                throw new InvalidOperationException($"gRPC service '{definition.ServiceName}' is registered more than once.");
            }

            definitions.Add(definition);
        }

        return [.. definitions];
    }
}
