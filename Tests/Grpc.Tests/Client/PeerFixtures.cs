namespace OrleansChat.Grpc.Tests.Client;

/// <summary>One peer server shared by the tests of a class; every test uses its own channel and call ids.</summary>
public abstract class PeerFixture(PeerKind kind) : IAsyncLifetime
{
    private PeerProcess? _process;

    public PeerKind Kind { get; } = kind;

    public PeerProcess Process => _process ?? throw new InvalidOperationException("The peer has not started.");

    public Uri Address => new($"http://127.0.0.1:{Process.Port}");

    public async Task InitializeAsync() => _process = await PeerProcess.StartAsync(Kind);

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}

public sealed class PythonPeerFixture() : PeerFixture(PeerKind.Python);

public sealed class NodePeerFixture() : PeerFixture(PeerKind.Node);
