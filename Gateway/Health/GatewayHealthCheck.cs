using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OrleansChat.Gateway.Health;

/// <summary>
/// What <c>grpc.health.v1.Health</c> reports for the whole server (service ""): NOT_SERVING once the server starts
/// stopping (load balancers drain it) or while the grain runtime cannot take calls (<see cref="IGrainRuntimeReadiness"/>).
/// </summary>
internal sealed class GatewayHealthCheck(IHostApplicationLifetime lifetime, IEnumerable<IGrainRuntimeReadiness> readiness) : IHealthCheck
{
    public const string Name = "gateway";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the server is stopping"));
        }

        foreach (var runtime in readiness)
        {
            if (!runtime.IsReady)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("the grain runtime is not ready"));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
