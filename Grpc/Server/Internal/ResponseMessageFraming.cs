using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using OrleansChat.Grpc.Compression;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Frames response messages, compressing at the configured level when one is set.</summary>
internal static class ResponseMessageFraming
{
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, ICompressionProvider? compressor, CompressionLevel? level)
    {
        if (compressor is null || level is null)
        {
            GrpcMessageCodec.WriteMessage(output, payload, compressor);
            return;
        }

        using var compressed = new MemoryStream();
        using (var stream = compressor.CreateCompressionStream(compressed, level))
        {
            stream.Write(payload);
        }

        var header = output.GetSpan(GrpcProtocolConstants.HeaderSize);
        header[0] = GrpcProtocolConstants.CompressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)compressed.Length);
        output.Advance(GrpcProtocolConstants.HeaderSize);
        output.Write(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }
}
