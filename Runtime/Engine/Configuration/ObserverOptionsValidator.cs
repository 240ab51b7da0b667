using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="ObserverOptions"/> at start-up.</summary>
internal sealed class ObserverOptionsValidator : IValidateOptions<ObserverOptions>
{
    public ValidateOptionsResult Validate(string? name, ObserverOptions options)
    {
        var failures = new List<string>();
        OptionChecks.AtLeast(failures, "ObserverOptions.QueueCapacity", options.QueueCapacity, 1);
        OptionChecks.AtLeast(failures, "ObserverOptions.MaxObjectReferences", options.MaxObjectReferences, 1);
        return OptionChecks.Result(failures);
    }
}
