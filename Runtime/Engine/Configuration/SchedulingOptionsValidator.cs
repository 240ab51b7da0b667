using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="SchedulingOptions"/> at start-up.</summary>
internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        OptionChecks.AtLeast(failures, "SchedulingOptions.MailboxCapacity", options.MailboxCapacity, 1);
        return OptionChecks.Result(failures);
    }
}
