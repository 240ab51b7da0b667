using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Streams;

/// <summary>Validates every named <see cref="MemoryStreamOptions"/> at start-up.</summary>
internal sealed class MemoryStreamOptionsValidator : IValidateOptions<MemoryStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, MemoryStreamOptions options)
    {
        var failures = new List<string>();
        OptionChecks.AtLeast(failures, "MemoryStreamOptions.CacheSize", options.CacheSize, 1);
        OptionChecks.AtLeast(failures, "MemoryStreamOptions.SubscriberQueueCapacity", options.SubscriberQueueCapacity, 1);
        OptionChecks.AtLeast(failures, "MemoryStreamOptions.MaxSubscribersPerStream", options.MaxSubscribersPerStream, 1);
        OptionChecks.AtLeast(failures, "MemoryStreamOptions.MaxStreams", options.MaxStreams, 1);
        return OptionChecks.Result(failures);
    }
}
