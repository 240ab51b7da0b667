using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>
/// Sits between the channel and its <see cref="SocketsHttpHandler"/> and records what the server sent: the
/// response's <c>grpc-encoding</c> and the compressed flag of every length-prefixed response message.
/// </summary>
public sealed class FrameSniffingHandler : DelegatingHandler
{
    public FrameSniffingHandler()
        : base(new SocketsHttpHandler())
    {
    }

    public string? ResponseEncoding { get; private set; }

    public ConcurrentQueue<bool> ResponseCompressedFlags { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        ResponseEncoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.First() : null;
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var sniffed = new StreamContent(new FlagSniffingStream(body, ResponseCompressedFlags));
        foreach (var header in response.Content.Headers)
        {
            sniffed.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = sniffed;
        return response;
    }

    /// <summary>Passes reads through while parsing the 5-byte prefixes of the messages they carry.</summary>
    private sealed class FlagSniffingStream(Stream inner, ConcurrentQueue<bool> flags) : Stream
    {
        private readonly byte[] _prefix = new byte[5];
        private int _prefixLength;
        private long _skip;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Observe(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Observe(ReadOnlySpan<byte> data)
        {
            var length = data.Length;
            while (!data.IsEmpty)
            {
                if (_skip > 0)
                {
                    var skipped = (int)Math.Min(_skip, data.Length);
                    _skip -= skipped;
                    data = data[skipped..];
                    continue;
                }

                var take = Math.Min(5 - _prefixLength, data.Length);
                data[..take].CopyTo(_prefix.AsSpan(_prefixLength));
                _prefixLength += take;
                data = data[take..];
                if (_prefixLength == 5)
                {
                    flags.Enqueue(_prefix[0] == 1);
                    _skip = BinaryPrimitives.ReadUInt32BigEndian(_prefix.AsSpan(1));
                    _prefixLength = 0;
                }
            }

            return length;
        }
    }
}
