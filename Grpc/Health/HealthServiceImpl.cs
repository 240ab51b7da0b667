using System.Threading.Channels;
using OrleansChat.Grpc.Health.V1;
using ServingStatus = OrleansChat.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace OrleansChat.Grpc.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> (grpc/grpc doc/health-checking.md). The empty service name stands for the whole
/// server and is SERVING from the start. Check of a service without a status answers NOT_FOUND; Watch sends the
/// current status (SERVICE_UNKNOWN for such a service) and then every change until the client cancels.
/// </summary>
public sealed class HealthServiceImpl
{
    public const string ServiceName = "grpc.health.v1.Health";

    private static readonly Marshaller<HealthCheckRequest> RequestMarshaller = Marshallers.ForProtobuf(HealthCheckRequest.Parser);
    private static readonly Marshaller<HealthCheckResponse> ResponseMarshaller = Marshallers.ForProtobuf(HealthCheckResponse.Parser);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [string.Empty] = ServingStatus.Serving };
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);

    public HealthServiceImpl()
    {
        Definition = ServerServiceDefinition.CreateBuilder(ServiceName, HealthReflection.Descriptor.Services[0])
            .AddMethod(
                new Method<HealthCheckRequest, HealthCheckResponse>(MethodType.Unary, ServiceName, "Check", RequestMarshaller, ResponseMarshaller),
                Check)
            .AddMethod(
                new Method<HealthCheckRequest, HealthCheckResponse>(MethodType.ServerStreaming, ServiceName, "Watch", RequestMarshaller, ResponseMarshaller),
                Watch)
            .Build();
    }

    public ServerServiceDefinition Definition { get; }

    /// <summary>Sets a service's status and tells its watchers if it changed.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            if (_statuses.TryGetValue(service, out var current) && current == status)
            {
                return;
            }

            _statuses[service] = status;
            Publish(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND again and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            if (_statuses.Remove(service))
            {
                Publish(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    private Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        lock (_lock)
        {
            if (_statuses.TryGetValue(request.Service, out var status))
            {
                return Task.FromResult(new HealthCheckResponse { Status = status });
            }
        }

        throw new RpcException(new Status(StatusCode.NotFound, "unknown service"));
    }

    private async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        // Only the latest status matters to a watcher: a slow one skips the statuses it had no time to see.
        var updates = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        lock (_lock)
        {
            updates.Writer.TryWrite(_statuses.TryGetValue(request.Service, out var status) ? status : ServingStatus.ServiceUnknown);
            if (!_watchers.TryGetValue(request.Service, out var watchers))
            {
                _watchers[request.Service] = watchers = [];
            }

            watchers.Add(updates);
        }

        try
        {
            ServingStatus? sent = null;
            await foreach (var status in updates.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                if (status != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
                    sent = status;
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client ended the watch.
        }
        finally
        {
            lock (_lock)
            {
                if (_watchers.TryGetValue(request.Service, out var watchers) && watchers.Remove(updates) && watchers.Count == 0)
                {
                    _watchers.Remove(request.Service);
                }
            }
        }
    }

    private void Publish(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var watchers))
        {
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(status);
            }
        }
    }
}
