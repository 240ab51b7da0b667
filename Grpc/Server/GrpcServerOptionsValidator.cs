using Microsoft.Extensions.Options;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server;

/// <summary>Fails start-up with a message naming the option that is out of range.</summary>
internal sealed class GrpcServerOptionsValidator : IValidateOptions<GrpcServerOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcServerOptions options)
    {
        var failures = new List<string>();

        if (options.MaxReceiveMessageSize <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.MaxReceiveMessageSize)} must be positive (was {options.MaxReceiveMessageSize}).");
        }

        if (options.MaxSendMessageSize is <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.MaxSendMessageSize)} must be positive or null (was {options.MaxSendMessageSize}).");
        }

        if (options.ResponseStreamCapacity <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.ResponseStreamCapacity)} must be at least 1 (was {options.ResponseStreamCapacity}).");
        }

        if (options.CompressionProviders is null)
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.CompressionProviders)} must not be null.");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var provider in options.CompressionProviders)
            {
                if (provider is null || string.IsNullOrEmpty(provider.EncodingName)
                    || provider.EncodingName == GrpcProtocolConstants.IdentityEncoding || !names.Add(provider.EncodingName))
                {
                    failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.CompressionProviders)} must hold non-null providers with distinct names other than 'identity'.");
                    break;
                }
            }

            if (options.ResponseCompressionAlgorithm is { } algorithm
                && algorithm != GrpcProtocolConstants.IdentityEncoding
                && !names.Contains(algorithm))
            {
                failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.ResponseCompressionAlgorithm)} '{algorithm}' has no provider in {nameof(GrpcServerOptions.CompressionProviders)}.");
            }
        }

        if (options.KeepAlivePingDelay != Timeout.InfiniteTimeSpan && options.KeepAlivePingDelay < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.KeepAlivePingDelay)} must be at least 1 second or Timeout.InfiniteTimeSpan (was {options.KeepAlivePingDelay}).");
        }

        if (options.KeepAlivePingTimeout != Timeout.InfiniteTimeSpan && options.KeepAlivePingTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{nameof(GrpcServerOptions)}.{nameof(GrpcServerOptions.KeepAlivePingTimeout)} must be at least 1 second or Timeout.InfiniteTimeSpan (was {options.KeepAlivePingTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
