using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="GrainCollectionOptions"/> at start-up.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new List<string>();
        OptionChecks.Positive(failures, "GrainCollectionOptions.CollectionAge", options.CollectionAge);
        OptionChecks.Positive(failures, "GrainCollectionOptions.CollectionQuantum", options.CollectionQuantum);
        OptionChecks.Positive(failures, "GrainCollectionOptions.ActivationTimeout", options.ActivationTimeout);
        OptionChecks.Positive(failures, "GrainCollectionOptions.DeactivationTimeout", options.DeactivationTimeout);
        return OptionChecks.Result(failures);
    }
}
