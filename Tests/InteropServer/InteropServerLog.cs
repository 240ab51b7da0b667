using Microsoft.Extensions.Logging;

namespace OrleansChat.InteropServer;

internal static partial class InteropServerLog
{
    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information,
        Message = "Interop server listening on {Address} (TLS: {UseTls})")]
    public static partial void Listening(ILogger logger, Uri address, bool useTls);

    [LoggerMessage(EventId = 2, EventName = "Stopping", Level = LogLevel.Information,
        Message = "Interop server stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);
}
