using System.IO.Compression;

namespace OrleansChat.Grpc.Compression;

/// <summary>A message encoding named in <c>grpc-encoding</c> (see grpc/grpc doc/compression.md).</summary>
public interface ICompressionProvider
{
    string EncodingName { get; }

    Stream CreateCompressionStream(Stream output, CompressionLevel? compressionLevel);

    Stream CreateDecompressionStream(Stream input);
}
