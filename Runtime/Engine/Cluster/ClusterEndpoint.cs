using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The silo's cluster endpoint: a Kestrel h2c listener (<see cref="ClusterEndpointHost"/>, grpc-dotnet) serving every
/// <see cref="IClusterEndpointService"/> registered in the silo's container (their definitions are bound to the silo's
/// own instances). Started first in the silo's start, because the listening port is part of the silo's address.
/// </summary>
internal sealed class ClusterEndpoint(IServiceProvider services, IOptions<ClusteringOptions> options, ILoggerFactory loggerFactory)
{
    /// <summary>Largest cluster message accepted (a grain call with its arguments, a stream batch).</summary>
    public const int MaxMessageSize = 16 * 1024 * 1024;

    private readonly ILogger _logger = loggerFactory.CreateLogger("OrleansChat.Runtime.Cluster");
    private ClusterEndpointHost? _host;

    /// <summary>Listens and returns the port (the real one when <see cref="ClusteringOptions.Port"/> is 0).</summary>
    public async Task<int> StartAsync(string siloName, CancellationToken cancellationToken)
    {
        var endpointServices = services.GetServices<IClusterEndpointService>().ToList();
        var value = options.Value;
        _host = await ClusterEndpointHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(value.ListenAddress), value.Port),
            logging => logging.AddProvider(new ForwardingLoggerProvider(loggerFactory)),
            configureServices: null,
            endpoints =>
            {
                foreach (var service in endpointServices)
                {
                    endpoints.MapGrpcService(service.BuildDefinition());
                }
            },
            cancellationToken).ConfigureAwait(false);
        ClusterLog.EndpointStarted(_logger, siloName, _host.Address.ToString(), endpointServices.Count);
        return _host.Port;
    }

    /// <summary>Stops listening and lets calls end, aborting those still open after <see cref="ClusteringOptions.EndpointStopTimeout"/>.</summary>
    public async Task StopAsync()
    {
        if (_host is not { } host)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(options.Value.EndpointStopTimeout);
        await StopHostAsync(host, timeout.Token).ConfigureAwait(false);
        ClusterLog.EndpointStopped(_logger, "gracefully");
    }

    /// <summary>Crash: closes the listener and aborts every connection at once, so peers see the silo vanish.</summary>
    public async Task AbortAsync()
    {
        if (_host is not { } host)
        {
            return;
        }

        await StopHostAsync(host, new CancellationToken(canceled: true)).ConfigureAwait(false);
        ClusterLog.EndpointStopped(_logger, "aborted");
    }

    private async Task StopHostAsync(ClusterEndpointHost host, CancellationToken cancellationToken)
    {
        _host = null;
        try
        {
            await host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The deadline passed: Kestrel aborted the connections still open.
        }
        finally
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
