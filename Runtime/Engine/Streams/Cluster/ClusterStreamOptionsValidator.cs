using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Streams;

/// <summary>Validates every named <see cref="ClusterStreamOptions"/> at start-up.</summary>
internal sealed class ClusterStreamOptionsValidator : IValidateOptions<ClusterStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterStreamOptions options)
    {
        var failures = new List<string>();
        foreach (var (streamNamespace, grainType) in options.Colocation)
        {
            OptionChecks.NotEmpty(failures, "ClusterStreamOptions.Colocation key (a stream namespace)", streamNamespace);
            OptionChecks.NotEmpty(failures, "ClusterStreamOptions.Colocation[\"" + streamNamespace + "\"] (a grain type)", grainType);
        }

        OptionChecks.AtLeast(failures, "ClusterStreamOptions.MaxRemoteSubscriptions", options.MaxRemoteSubscriptions, 1);
        OptionChecks.AtLeast(failures, "ClusterStreamOptions.MaxOutgoingSubscriptions", options.MaxOutgoingSubscriptions, 1);
        OptionChecks.AtLeast(failures, "ClusterStreamOptions.MaxPendingPublishes", options.MaxPendingPublishes, 1);
        OptionChecks.Positive(failures, "ClusterStreamOptions.PublishTimeout", options.PublishTimeout);
        OptionChecks.Positive(failures, "ClusterStreamOptions.SubscribeTimeout", options.SubscribeTimeout);
        OptionChecks.AtLeast(failures, "ClusterStreamOptions.MaxOwnerRetries", options.MaxOwnerRetries, 0);
        return OptionChecks.Result(failures);
    }
}
