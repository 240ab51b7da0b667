namespace OrleansChat.Grpc.Client.Internal;

/// <summary>Rejects option values the channel cannot honour, naming the option.</summary>
internal static class GrpcChannelOptionsValidator
{
    public static void Validate(GrpcChannelOptions options)
    {
        if (options.MaxReceiveMessageSize is < 0)
        {
            throw Invalid(nameof(options.MaxReceiveMessageSize), "must be null (unlimited) or not negative");
        }

        if (options.MaxSendMessageSize is < 0)
        {
            throw Invalid(nameof(options.MaxSendMessageSize), "must be null (unlimited) or not negative");
        }

        if (options.CompressionProviders is null)
        {
            throw Invalid(nameof(options.CompressionProviders), "must not be null (use an empty list for identity only)");
        }

        if (!IsPositiveOrInfinite(options.KeepAlivePingDelay))
        {
            throw Invalid(nameof(options.KeepAlivePingDelay), "must be positive or Timeout.InfiniteTimeSpan");
        }

        if (!IsPositiveOrInfinite(options.KeepAlivePingTimeout))
        {
            throw Invalid(nameof(options.KeepAlivePingTimeout), "must be positive or Timeout.InfiniteTimeSpan");
        }

        if (!IsPositiveOrInfinite(options.ConnectTimeout))
        {
            throw Invalid(nameof(options.ConnectTimeout), "must be positive or Timeout.InfiniteTimeSpan");
        }

        if (options.SkipCertificateValidation && options.RootCertificate is not null)
        {
            throw Invalid(nameof(options.SkipCertificateValidation), "cannot be combined with RootCertificate");
        }

        if (options.HttpHandler is not null)
        {
            var defaults = new GrpcChannelOptions();
            var ignored = new List<string>();
            if (options.RootCertificate is not null)
            {
                ignored.Add(nameof(options.RootCertificate));
            }

            if (options.SkipCertificateValidation)
            {
                ignored.Add(nameof(options.SkipCertificateValidation));
            }

            if (options.KeepAlivePingDelay != defaults.KeepAlivePingDelay)
            {
                ignored.Add(nameof(options.KeepAlivePingDelay));
            }

            if (options.KeepAlivePingTimeout != defaults.KeepAlivePingTimeout)
            {
                ignored.Add(nameof(options.KeepAlivePingTimeout));
            }

            if (options.ConnectTimeout != defaults.ConnectTimeout)
            {
                ignored.Add(nameof(options.ConnectTimeout));
            }

            if (ignored.Count > 0)
            {
                throw Invalid(
                    string.Join(", ", ignored),
                    "configure the channel's own handler and cannot apply to a custom HttpHandler; set them on that handler instead");
            }
        }
    }

    private static bool IsPositiveOrInfinite(TimeSpan value) => value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan;

    private static ArgumentException Invalid(string option, string rule)
        => new($"GrpcChannelOptions.{option} {rule}.", nameof(GrpcChannelOptions));
}
