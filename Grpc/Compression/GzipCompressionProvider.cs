using System.IO.Compression;

namespace OrleansChat.Grpc.Compression;

public sealed class GzipCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public static readonly GzipCompressionProvider Default = new();

    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream output, CompressionLevel? compressionLevel)
        => new GZipStream(output, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    /// <summary>Fails with <see cref="InvalidDataException"/> on truncated input, which <see cref="GZipStream"/> alone
    /// reads as a short message.</summary>
    public Stream CreateDecompressionStream(Stream input) => new Internal.GzipDecompressionStream(input);
}
