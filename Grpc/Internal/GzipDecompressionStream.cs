using System.Buffers.Binary;
using System.IO.Compression;

namespace OrleansChat.Grpc.Internal;

/// <summary>
/// Decompresses gzip and fails on truncated input. <see cref="GZipStream"/> checks the CRC32 and ISIZE trailer
/// when the deflate stream ends, but input cut off before that simply ends the output early, without error; so
/// a corrupt compressed message would decode as a shorter (often empty) one. At the end of the output this stream
/// checks that the input held at least a header and a trailer and that the trailer's ISIZE (RFC 1952 section 2.3,
/// the output length modulo 2^32) matches.
/// </summary>
internal sealed class GzipDecompressionStream : Stream
{
    /// <summary>10-byte header plus 8-byte trailer.</summary>
    private const int MinimumGzipLength = 18;

    private readonly TailRecordingStream _input;
    private readonly GZipStream _gzip;
    private long _outputLength;
    private bool _verified;

    public GzipDecompressionStream(Stream input)
    {
        _input = new TailRecordingStream(input);
        _gzip = new GZipStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
        => Account(_gzip.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Account(await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

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
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(int read, int requested)
    {
        _outputLength += read;
        if (read == 0 && requested > 0 && !_verified)
        {
            _verified = true;
            if (_input.TotalRead < MinimumGzipLength
                || BinaryPrimitives.ReadUInt32LittleEndian(_input.Tail.AsSpan(4)) != (uint)_outputLength)
            {
                throw new InvalidDataException("The gzip data is truncated or corrupt.");
            }
        }

        return read;
    }

    /// <summary>Passes reads through and keeps the last 8 bytes read: where the gzip trailer is.</summary>
    private sealed class TailRecordingStream(Stream inner) : Stream
    {
        public byte[] Tail { get; } = new byte[8];

        public long TotalRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Record(buffer, inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Record(buffer.Span, read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Record(Span<byte> buffer, int read)
        {
            if (read >= Tail.Length)
            {
                buffer.Slice(read - Tail.Length, Tail.Length).CopyTo(Tail);
            }
            else if (read > 0)
            {
                Tail.AsSpan(read).CopyTo(Tail);
                buffer[..read].CopyTo(Tail.AsSpan(Tail.Length - read));
            }

            TotalRead += read;
            return read;
        }
    }
}
