using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>
/// A bare HTTP/2 client connection (cleartext, prior knowledge) that writes frames by hand and hands back every
/// frame the server sends, for the cases <see cref="HttpClient"/> hides: the exact frames of a response, a request
/// without <c>te</c>, RST_STREAM codes. Request headers are sent as HPACK literals without indexing.
/// </summary>
internal sealed class Http2TestConnection : IAsyncDisposable
{
    private const int FrameHeaderLength = 9;
    private const int MaxFrameSize = 16_384;
    private const int WindowSize = 16 * 1024 * 1024;
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HpackDecoder _decoder = new();
    private readonly ConcurrentDictionary<int, Channel<Http2Frame>> _streams = new();
    private readonly Channel<Http2Frame> _connectionFrames = Channel.CreateUnbounded<Http2Frame>();
    private readonly CancellationTokenSource _closed = new();
    private readonly string _authority;
    private Task _readLoop = Task.CompletedTask;
    private int _nextStreamId = 1;

    private Http2TestConnection(TcpClient tcp, int port)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _authority = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<Http2TestConnection> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TestTimeouts.Default);
        var connection = new Http2TestConnection(tcp, port);
        await connection._stream.WriteAsync(Preface);

        // SETTINGS: ENABLE_PUSH = 0, INITIAL_WINDOW_SIZE = 16 MiB; then widen the connection window as much.
        var settings = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(settings, 0x2);
        BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(settings.AsSpan(6), 0x4);
        BinaryPrimitives.WriteUInt32BigEndian(settings.AsSpan(8), WindowSize);
        await connection.WriteFrameAsync(Http2FrameType.Settings, 0, 0, settings);
        await connection.WriteWindowUpdateAsync(0, WindowSize - 65_535);

        connection._readLoop = connection.ReadLoopAsync();
        return connection;
    }

    /// <summary>Opens a stream with a gRPC request's headers; returns its id.</summary>
    public async Task<int> StartRequestAsync(
        string path,
        IEnumerable<(string Name, string Value)>? headers = null,
        bool endStream = false,
        bool includeTe = true,
        string contentType = "application/grpc")
    {
        var all = new List<(string, string)>
        {
            (":method", "POST"),
            (":scheme", "http"),
            (":authority", _authority),
            (":path", path),
            ("content-type", contentType),
        };
        if (includeTe)
        {
            all.Add(("te", "trailers"));
        }

        all.AddRange(headers ?? []);

        var block = EncodeHeaders(all);
        await _writeLock.WaitAsync();
        try
        {
            var streamId = _nextStreamId;
            _nextStreamId += 2;
            _streams[streamId] = Channel.CreateUnbounded<Http2Frame>();
            var flags = (byte)(Http2Frame.EndHeadersFlag | (endStream ? Http2Frame.EndStreamFlag : 0));
            await WriteFrameUnlockedAsync(Http2FrameType.Headers, flags, streamId, block);
            return streamId;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task SendDataAsync(int streamId, byte[] data, bool endStream)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(MaxFrameSize, data.Length - offset);
            var last = offset + length == data.Length;
            await WriteFrameAsync(Http2FrameType.Data, last && endStream ? Http2Frame.EndStreamFlag : (byte)0, streamId, data.AsMemory(offset, length));
            offset += length;
        }
        while (offset < data.Length);
    }

    public Task SendRstStreamAsync(int streamId, int errorCode)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, errorCode);
        return WriteFrameAsync(Http2FrameType.RstStream, 0, streamId, payload);
    }

    /// <summary>The next frame the server sent on this stream.</summary>
    public async Task<Http2Frame> ReadFrameAsync(int streamId)
    {
        try
        {
            return await _streams[streamId].Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException($"The connection closed before a frame arrived on stream {streamId}.", ex);
        }
    }

    /// <summary>Every frame of the stream up to and including the one that ends it (END_STREAM or RST_STREAM).</summary>
    public async Task<IReadOnlyList<Http2Frame>> ReadStreamToEndAsync(int streamId)
    {
        var frames = new List<Http2Frame>();
        while (true)
        {
            var frame = await ReadFrameAsync(streamId);
            frames.Add(frame);
            if (frame.EndStream || frame.Type == Http2FrameType.RstStream)
            {
                return frames;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        _tcp.Dispose();
        try
        {
            await _readLoop;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // Closing the socket ends the read loop with one of these.
        }

        _closed.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var header = new byte[FrameHeaderLength];
        var headerBlock = new MemoryStream();
        (byte Flags, int StreamId)? pendingHeaders = null;
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(header, _closed.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var type = (Http2FrameType)header[3];
                var flags = header[4];
                var streamId = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF;
                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, _closed.Token);

                switch (type)
                {
                    case Http2FrameType.Settings when (flags & 0x1) == 0:
                        await WriteFrameAsync(Http2FrameType.Settings, 0x1, 0, Array.Empty<byte>());
                        break;
                    case Http2FrameType.Ping when (flags & 0x1) == 0:
                        await WriteFrameAsync(Http2FrameType.Ping, 0x1, 0, payload);
                        break;
                    case Http2FrameType.Settings or Http2FrameType.Ping or Http2FrameType.WindowUpdate:
                        break;
                    case Http2FrameType.Headers or Http2FrameType.Continuation:
                        if (type == Http2FrameType.Headers)
                        {
                            headerBlock.SetLength(0);
                            pendingHeaders = (flags, streamId);
                            headerBlock.Write(HeaderBlockFragment(payload, flags));
                        }
                        else
                        {
                            headerBlock.Write(payload);
                        }

                        if ((flags & Http2Frame.EndHeadersFlag) != 0 && pendingHeaders is { } started)
                        {
                            var decoded = _decoder.Decode(headerBlock.ToArray());
                            Deliver(new Http2Frame(Http2FrameType.Headers, started.Flags, started.StreamId, headerBlock.ToArray(), decoded));
                            pendingHeaders = null;
                        }

                        break;
                    case Http2FrameType.Data:
                        if (length > 0)
                        {
                            await WriteWindowUpdateAsync(0, length);
                        }

                        Deliver(new Http2Frame(type, flags, streamId, DataPayload(payload, flags)));
                        break;
                    default:
                        Deliver(new Http2Frame(type, flags, streamId, payload));
                        break;
                }
            }
        }
        finally
        {
            foreach (var channel in _streams.Values)
            {
                channel.Writer.TryComplete();
            }

            _connectionFrames.Writer.TryComplete();
        }
    }

    private void Deliver(Http2Frame frame)
    {
        if (frame.StreamId != 0 && _streams.TryGetValue(frame.StreamId, out var channel))
        {
            channel.Writer.TryWrite(frame);
        }
        else
        {
            _connectionFrames.Writer.TryWrite(frame);
        }
    }

    private static byte[] HeaderBlockFragment(byte[] payload, byte flags)
    {
        var start = 0;
        var end = payload.Length;
        if ((flags & 0x8) != 0)
        {
            end -= payload[0];
            start = 1;
        }

        if ((flags & 0x20) != 0)
        {
            start += 5;
        }

        return payload[start..end];
    }

    private static byte[] DataPayload(byte[] payload, byte flags)
        => (flags & 0x8) != 0 ? payload[1..(payload.Length - payload[0])] : payload;

    private Task WriteWindowUpdateAsync(int streamId, int increment)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, increment);
        return WriteFrameAsync(Http2FrameType.WindowUpdate, 0, streamId, payload);
    }

    private async Task WriteFrameAsync(Http2FrameType type, byte flags, int streamId, ReadOnlyMemory<byte> payload)
    {
        await _writeLock.WaitAsync();
        try
        {
            await WriteFrameUnlockedAsync(type, flags, streamId, payload);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteFrameUnlockedAsync(Http2FrameType type, byte flags, int streamId, ReadOnlyMemory<byte> payload)
    {
        var frame = new byte[FrameHeaderLength + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = (byte)type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.Span.CopyTo(frame.AsSpan(FrameHeaderLength));
        await _stream.WriteAsync(frame);
    }

    private static byte[] EncodeHeaders(IEnumerable<(string Name, string Value)> headers)
    {
        var block = new List<byte>();
        foreach (var (name, value) in headers)
        {
            // Literal header field without indexing, new name (RFC 7541 section 6.2.2).
            block.Add(0x00);
            AddString(block, name);
            AddString(block, value);
        }

        return [.. block];
    }

    private static void AddString(List<byte> block, string value)
    {
        var bytes = Encoding.Latin1.GetBytes(value);
        AddInteger(block, bytes.Length, 7, 0x00);
        block.AddRange(bytes);
    }

    private static void AddInteger(List<byte> block, int value, int prefixBits, byte firstByteFlags)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(firstByteFlags | value));
            return;
        }

        block.Add((byte)(firstByteFlags | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }
}
