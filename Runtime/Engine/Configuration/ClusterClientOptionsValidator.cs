using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="ClusterClientOptions"/> at start-up.</summary>
internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        OptionChecks.NotEmpty(failures, "ClusterClientOptions.ClientName", options.ClientName);
        OptionChecks.AtLeast(failures, "ClusterClientOptions.SendQueueCapacity", options.SendQueueCapacity, 1);
        return OptionChecks.Result(failures);
    }
}
