using System.IO.Compression;

namespace OrleansChat.Grpc.Compression;

public sealed class GzipCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public static readonly GzipCompressionProvider Default = new();

    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream output, CompressionLevel? compressionLevel)
        => new GZipStream(output, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream input) => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
}
