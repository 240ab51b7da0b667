using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>Builds request bodies by hand: length-prefixed messages, gzip, string payloads.</summary>
internal static class GrpcWire
{
    public static byte[] Frame(byte[] payload, bool compressedFlag = false)
        => FrameWithLength(payload, (uint)payload.Length, compressedFlag);

    /// <summary>A frame whose length prefix says <paramref name="declaredLength"/>, whatever the payload's size.</summary>
    public static byte[] FrameWithLength(byte[] payload, uint declaredLength, bool compressedFlag = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Frames(params byte[][] payloads) => [.. payloads.SelectMany(p => Frame(p))];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] payload)
    {
        using var input = new MemoryStream(payload);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
