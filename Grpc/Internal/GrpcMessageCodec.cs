using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using OrleansChat.Grpc.Compression;

namespace OrleansChat.Grpc.Internal;

/// <summary>
/// Length-prefixed messages (PROTOCOL-HTTP2.md "Length-Prefixed-Message"):
/// <code>
/// +------------------+-------------------------------+------------------------+
/// | Compressed-Flag  | Message-Length (4 bytes, BE)  | Message (Length bytes) |
/// +------------------+-------------------------------+------------------------+
/// </code>
/// A message may arrive split across any number of DATA frames.
/// </summary>
internal static class GrpcMessageCodec
{
    /// <summary>Writes one framed message; compresses it when a provider is given.</summary>
    public static void WriteMessage(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, ICompressionProvider? compressor)
    {
        if (compressor is not null)
        {
            payload = Compress(payload, compressor);
        }

        var header = output.GetSpan(GrpcProtocolConstants.HeaderSize);
        header[0] = compressor is null ? (byte)0 : GrpcProtocolConstants.CompressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)payload.Length);
        output.Advance(GrpcProtocolConstants.HeaderSize);
        output.Write(payload);
    }

    public static byte[] Compress(ReadOnlySpan<byte> payload, ICompressionProvider compressor)
    {
        using var output = new MemoryStream();
        using (var compressionStream = compressor.CreateCompressionStream(output, null))
        {
            compressionStream.Write(payload);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Reads the next whole message. Returns null when the stream ends cleanly between messages.
    /// Throws <see cref="RpcException"/> with the status the spec gives for oversize, truncated or undecodable input.
    /// </summary>
    public static async ValueTask<byte[]?> ReadMessageAsync(PipeReader reader, MessageReadSettings settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (TryReadMessage(ref buffer, settings, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (result.IsCompleted)
            {
                var remaining = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (remaining == 0)
                {
                    return null;
                }

                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a length-prefixed message."));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, MessageReadSettings settings, out byte[]? message)
    {
        message = null;
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);

        if (flag > GrpcProtocolConstants.CompressedFlag)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {flag} in message header."));
        }

        if (length > settings.MaxReceiveMessageSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {settings.MaxReceiveMessageSize})"));
        }

        if (buffer.Length < GrpcProtocolConstants.HeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocolConstants.HeaderSize, length);
        if (flag == GrpcProtocolConstants.CompressedFlag)
        {
            if (settings.Decompressor is null)
            {
                throw new RpcException(new Status(
                    StatusCode.Internal,
                    "Received a compressed message but grpc-encoding names no compression (identity)."));
            }

            message = Decompress(payload, settings.Decompressor, settings.MaxReceiveMessageSize);
        }
        else
        {
            message = payload.ToArray();
        }

        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static byte[] Decompress(ReadOnlySequence<byte> payload, ICompressionProvider decompressor, int maxSize)
    {
        try
        {
            using var input = new MemoryStream(payload.ToArray());
            using var decompressionStream = decompressor.CreateDecompressionStream(input);
            using var output = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = decompressionStream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (output.Length + read > maxSize)
                    {
                        throw new RpcException(new Status(
                            StatusCode.ResourceExhausted,
                            $"Received message larger than max after decompression (more than {maxSize} bytes)"));
                    }

                    output.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(
                new Status(StatusCode.Internal, $"Failed to decompress message with '{decompressor.EncodingName}': the data is corrupt."),
                new Metadata(),
                null,
                ex);
        }
    }
}

/// <summary>How incoming messages are checked and decoded.</summary>
/// <param name="MaxReceiveMessageSize">Largest message accepted (compressed and decompressed).</param>
/// <param name="Decompressor">The provider named by the sender's <c>grpc-encoding</c>; null for identity.</param>
internal readonly record struct MessageReadSettings(int MaxReceiveMessageSize, ICompressionProvider? Decompressor);
