using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 2601, EventName = "SiloStarted", Level = LogLevel.Information, Message = "Silo {SiloAddress} started with {GrainClassCount} grain classes")]
    public static partial void Started(ILogger logger, string siloAddress, int grainClassCount);

    [LoggerMessage(EventId = 2602, EventName = "SiloStopped", Level = LogLevel.Information, Message = "Silo {SiloAddress} stopped; every activation deactivated")]
    public static partial void Stopped(ILogger logger, string siloAddress);

    [LoggerMessage(EventId = 2603, EventName = "SiloShutdownTimedOut", Level = LogLevel.Warning,
        Message = "Silo {SiloAddress} did not deactivate everything within SiloOptions.ShutdownTimeout; abandoned {Count} activations")]
    public static partial void ShutdownTimedOut(ILogger logger, string siloAddress, int count);

    [LoggerMessage(EventId = 2604, EventName = "SiloKilled", Level = LogLevel.Warning, Message = "Silo {SiloAddress} stopped abruptly; abandoned {Count} activations without deactivation")]
    public static partial void Killed(ILogger logger, string siloAddress, int count);
}
