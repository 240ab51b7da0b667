using Microsoft.Extensions.Options;

namespace OrleansChat.Grains;

/// <summary>Fails start-up with a message naming each bad <see cref="RoomOptions"/> value.</summary>
public sealed class RoomOptionsValidator : IValidateOptions<RoomOptions>
{
    /// <summary>The deepest history a room may keep.</summary>
    public const int MaxHistoryDepth = 10_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RoomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.HistoryDepth is < 1 or > MaxHistoryDepth)
        {
            failures.Add("RoomOptions.HistoryDepth (--history) must be between 1 and " + MaxHistoryDepth + "; it is " + options.HistoryDepth + ".");
        }

        if (options.DedupeWindow is < 1 or > 100_000)
        {
            failures.Add("RoomOptions.DedupeWindow must be between 1 and 100000; it is " + options.DedupeWindow + ".");
        }

        if (options.SessionLease < TimeSpan.FromMilliseconds(300) || options.SessionLease > TimeSpan.FromHours(1))
        {
            failures.Add("RoomOptions.SessionLease must be between 300 ms and 1 hour; it is " + options.SessionLease + ".");
        }

        if (options.MaxMembers < 1)
        {
            failures.Add("RoomOptions.MaxMembers must be at least 1; it is " + options.MaxMembers + ".");
        }

        if (options.MaxSessions < 1)
        {
            failures.Add("RoomOptions.MaxSessions must be at least 1; it is " + options.MaxSessions + ".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
