using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Shared checks for the options validators; each failure names the option.</summary>
internal static class OptionChecks
{
    public static void Positive(List<string> failures, string optionName, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            failures.Add(optionName + " must be positive and finite (was " + value + ").");
        }
    }

    public static void AtLeast(List<string> failures, string optionName, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add(optionName + " must be at least " + minimum + " (was " + value + ").");
        }
    }

    public static void NotEmpty(List<string> failures, string optionName, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add(optionName + " must be set.");
        }
    }

    public static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
