using System.Threading.Channels;
using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>One <c>Connect</c> stream of a session. Frames to send go through a bounded outbox drained
/// by one loop, because a stream takes one write at a time; the session is the only reader.</summary>
internal sealed class SessionConnection : IAsyncDisposable
{
    private readonly IChatStream _stream;
    private readonly Channel<ClientFrame> _outbox;
    private readonly CancellationTokenSource _aborted = new();
    private Task _writer = Task.CompletedTask;
    private int _disposed;

    public SessionConnection(IChatStream stream, int outboxCapacity)
    {
        _stream = stream;
        _outbox = Channel.CreateBounded<ClientFrame>(new BoundedChannelOptions(outboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Cancelled when the connection is torn down; the read loop watches it.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The stream itself, for the handshake before <see cref="StartWriter"/>.</summary>
    public IChatStream Stream => _stream;

    /// <summary>Queues a frame without waiting. False when the outbox is full or closed: the session then
    /// treats the connection as broken (the outbox holds more than the session's bounded state can fill).</summary>
    public bool TryEnqueue(ClientFrame frame) => _outbox.Writer.TryWrite(frame);

    public void StartWriter() => _writer = WriteLoopAsync();

    public Task<ServerFrame?> ReadAsync() => _stream.ReadAsync(_aborted.Token);

    /// <summary>Sends what is queued, then half-closes the stream (the server ends the session).</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        _outbox.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(timeout).ConfigureAwait(false);
            await _stream.CompleteAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
        {
            // The stream is going away anyway; the caller aborts it next.
        }
    }

    public void Abort()
    {
        _outbox.Writer.TryComplete();
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Abort();
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
        {
            // The write loop's failure was already seen as the connection's failure.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _aborted.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_aborted.Token).ConfigureAwait(false))
            {
                await _stream.WriteAsync(frame, _aborted.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
        {
            // A failed write means a broken stream: abort so the reader sees it and the session reconnects.
            Abort();
        }
    }
}
