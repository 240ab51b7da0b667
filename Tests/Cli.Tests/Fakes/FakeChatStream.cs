using System.Threading.Channels;
using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>A scripted <c>Connect</c> stream: the test reads what the client wrote and writes what the server says.</summary>
internal sealed class FakeChatStream : IChatStream
{
    private readonly Channel<ClientFrame> _fromClient = Channel.CreateUnbounded<ClientFrame>();
    private readonly Channel<ServerFrame> _toClient = Channel.CreateUnbounded<ServerFrame>();
    private volatile RpcException? _broken;

    public bool ClientCompleted { get; private set; }

    public bool Disposed { get; private set; }

    public Task WriteAsync(ClientFrame frame, CancellationToken cancellationToken)
    {
        if (_broken is { } broken)
        {
            throw broken;
        }

        _fromClient.Writer.TryWrite(frame);
        return Task.CompletedTask;
    }

    public async Task<ServerFrame?> ReadAsync(CancellationToken cancellationToken)
        => await _toClient.Reader.WaitToReadAsync(cancellationToken) && _toClient.Reader.TryRead(out var frame) ? frame : null;

    /// <summary>Half-close; the fake server then ends the session, as the real one does.</summary>
    public Task CompleteAsync()
    {
        ClientCompleted = true;
        _fromClient.Writer.TryComplete();
        _toClient.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _fromClient.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    /// <summary>The next frame the client wrote; null when it half-closed.</summary>
    public async Task<ClientFrame?> NextFromClientAsync()
    {
        var reader = _fromClient.Reader;
        return await reader.WaitToReadAsync().AsTask().WaitAsync(TestTimeouts.Signal) && reader.TryRead(out var frame) ? frame : null;
    }

    /// <summary>For a fake server's loop: the next client frame without a test timeout; null at half-close.</summary>
    public async Task<ClientFrame?> ReadFromClientAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _fromClient.Reader.WaitToReadAsync(cancellationToken) && _fromClient.Reader.TryRead(out var frame) ? frame : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<ClientFrame> ExpectAsync(ClientFrame.KindOneofCase kind)
    {
        var frame = await NextFromClientAsync() ?? throw new Xunit.Sdk.XunitException($"the client half-closed; expected {kind}");
        Assert.Equal(kind, frame.KindCase);
        return frame;
    }

    /// <summary>Expects Hello and answers Welcome.</summary>
    public async Task<Hello> AcceptHelloAsync(string userId = "alice")
    {
        var hello = await ExpectAsync(ClientFrame.KindOneofCase.Hello);
        Send(new ServerFrame
        {
            RequestId = hello.RequestId,
            Welcome = new Welcome { UserId = userId, SessionId = "session", ServerVersion = "test", MaxMessageBytes = 4096, HistoryDepth = 50 },
        });
        return hello.Hello;
    }

    public void Send(ServerFrame frame) => _toClient.Writer.TryWrite(frame);

    /// <summary>Ends the response stream with OK.</summary>
    public void End() => _toClient.Writer.TryComplete();

    /// <summary>Breaks the stream as a dropped connection does: reads and writes fail with <paramref name="exception"/>
    /// (by default what Grpc.Net.Client throws when the server goes away).</summary>
    public void Break(RpcException? exception = null)
    {
        exception ??= GrpcFailures.ConnectionLost();
        _broken = exception;
        _toClient.Writer.TryComplete(exception);
    }
}
