namespace OrleansChat.Grpc.Compression;

/// <summary>The encodings this implementation knows, looked up by their <c>grpc-encoding</c> name.</summary>
public static class CompressionProviders
{
    public static readonly IReadOnlyList<ICompressionProvider> Default = [GzipCompressionProvider.Default];

    public static ICompressionProvider? Find(IReadOnlyList<ICompressionProvider> providers, string encodingName)
    {
        foreach (var provider in providers)
        {
            if (string.Equals(provider.EncodingName, encodingName, StringComparison.Ordinal))
            {
                return provider;
            }
        }

        return null;
    }

    /// <summary>The <c>grpc-accept-encoding</c> value for these providers: comma-separated, no spaces.</summary>
    public static string AcceptEncodingValue(IReadOnlyList<ICompressionProvider> providers)
        => string.Join(',', providers.Select(p => p.EncodingName).Prepend("identity"));

    /// <summary>Parses a <c>grpc-accept-encoding</c> list, trimming each entry.</summary>
    public static IReadOnlyList<string> ParseAcceptEncoding(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
