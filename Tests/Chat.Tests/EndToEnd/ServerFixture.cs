namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>One server process shared by the tests of a class or collection; each test uses its own rooms.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private ChatServerProcess? _server;

    internal ChatServerProcess Server => _server ?? throw new InvalidOperationException("The server fixture is not initialized.");

    internal abstract ServerOptions Options { get; }

    public async Task InitializeAsync() => _server = await ChatServerProcess.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
