using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansChat.Runtime.Configuration;

/// <summary>Validates <see cref="ClusteringOptions"/> at start-up.</summary>
internal sealed class ClusteringOptionsValidator : IValidateOptions<ClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out var address))
        {
            failures.Add("ClusteringOptions.ListenAddress must be an IP address (was '" + options.ListenAddress + "').");
        }
        else if ((address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) && string.IsNullOrWhiteSpace(options.AdvertisedHost))
        {
            failures.Add("ClusteringOptions.AdvertisedHost must be set when ClusteringOptions.ListenAddress is a wildcard ("
                + options.ListenAddress + "): peers need an address they can reach.");
        }

        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add("ClusteringOptions.Port must be between 0 and 65535 (was " + options.Port + ").");
        }

        if (options.AdvertisedHost is { } host && (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal)))
        {
            failures.Add("ClusteringOptions.AdvertisedHost must be a host name or address without spaces or slashes (was '" + host + "').");
        }

        OptionChecks.AtLeast(failures, "ClusteringOptions.SendQueueCapacity", options.SendQueueCapacity, 1);
        OptionChecks.Positive(failures, "ClusteringOptions.EndpointStopTimeout", options.EndpointStopTimeout);
        return OptionChecks.Result(failures);
    }
}
