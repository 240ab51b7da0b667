using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="MessagingOptions"/> at start-up.</summary>
internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, "MessagingOptions.ResponseTimeout", options.ResponseTimeout);
        return OptionChecks.Result(failures);
    }
}
