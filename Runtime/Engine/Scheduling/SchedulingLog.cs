using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Scheduling;

internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 2101, EventName = "TimerCallbackFailed", Level = LogLevel.Warning,
        Message = "Timer callback of grain {GrainId} failed; the timer keeps running")]
    public static partial void TimerCallbackFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 2102, EventName = "TimerLoopFailed", Level = LogLevel.Error,
        Message = "Timer loop of grain {GrainId} failed and stopped")]
    public static partial void TimerLoopFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 2103, EventName = "MailboxLoopFailed", Level = LogLevel.Critical,
        Message = "Mailbox loop of grain {GrainId} failed; the activation is abandoned")]
    public static partial void MailboxLoopFailed(ILogger logger, GrainId grainId, Exception exception);
}
