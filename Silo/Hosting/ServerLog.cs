using Microsoft.Extensions.Logging;

namespace OrleansChat.Silo.Hosting;

/// <summary>Log messages of the server host (event ids 6000–6099).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 6000, EventName = "WaitingForCluster", Level = LogLevel.Information,
        Message = "Gateway started; waiting for an active silo in the cluster before serving clients")]
    public static partial void LogWaitingForCluster(this ILogger logger);

    [LoggerMessage(EventId = 6001, EventName = "WebClientNotBuilt", Level = LogLevel.Warning,
        Message = "The web client is not built (no index.html in {WebRoot}); / explains how to build it (Node.js and npm, then dotnet build)")]
    public static partial void LogWebClientNotBuilt(this ILogger logger, string webRoot);
}
