using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using OrleansChat.Grpc.Compression;

namespace OrleansChat.InteropServer;

/// <summary>
/// Tells a handler whether the request message it just read travelled compressed (interop CompressedRequest).
/// The gRPC server API hands handlers decoded messages only, so this is the server's gzip provider wrapped:
/// the server decompresses a request message exactly when its compressed flag is set, inside the read the
/// handler awaits (the request of a unary call is read just before its handler runs), and never reads ahead.
/// Each decompression is counted on the current request, found through <see cref="IHttpContextAccessor"/>;
/// a handler compares the count before and after a read.
/// </summary>
internal sealed class CompressedRequestTracker(IHttpContextAccessor httpContextAccessor) : ICompressionProvider
{
    private static readonly object CounterKey = new();

    private readonly ICompressionProvider _gzip = GzipCompressionProvider.Default;

    public string EncodingName => _gzip.EncodingName;

    public Stream CreateCompressionStream(Stream output, CompressionLevel? compressionLevel)
        => _gzip.CreateCompressionStream(output, compressionLevel);

    public Stream CreateDecompressionStream(Stream input)
    {
        Counter().Value++;
        return _gzip.CreateDecompressionStream(input);
    }

    /// <summary>How many request messages of the current call have arrived compressed so far.</summary>
    public int CompressedMessagesRead() => Counter().Value;

    private DecompressionCounter Counter()
    {
        var httpContext = httpContextAccessor.HttpContext
            ?? throw new InvalidOperationException("No current request: register IHttpContextAccessor (AddHttpContextAccessor).");
        if (httpContext.Items.TryGetValue(CounterKey, out var counter) && counter is DecompressionCounter existing)
        {
            return existing;
        }

        var created = new DecompressionCounter();
        httpContext.Items[CounterKey] = created;
        return created;
    }

    private sealed class DecompressionCounter
    {
        public int Value { get; set; }
    }
}
