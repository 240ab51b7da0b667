namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// One interop server per transport for a test class: started together before its first test, stopped after its last.
/// The servers are read-only for the tests (every call is independent), so a class shares them.
/// </summary>
public sealed class InteropServersFixture : IAsyncLifetime
{
    private readonly Dictionary<InteropTransport, InteropServerProcess> _servers = [];

    public InteropServerProcess this[InteropTransport transport] => _servers[transport];

    public async Task InitializeAsync()
    {
        var starting = Enum.GetValues<InteropTransport>()
            .Select(transport => (Transport: transport, Start: InteropServerProcess.StartAsync(transport)))
            .ToArray();
        try
        {
            await Task.WhenAll(starting.Select(s => s.Start));
        }
        catch
        {
            // Do not leak the servers that did start.
            foreach (var (_, start) in starting.Where(s => s.Start.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }

        foreach (var (transport, start) in starting)
        {
            _servers[transport] = start.Result;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }
}
