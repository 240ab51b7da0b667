using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Cluster;

/// <summary>Hands the cluster endpoint's inner web host logs to the silo's own logger factory, so they land where the silo's do.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The target belongs to the silo's host.
    }
}
