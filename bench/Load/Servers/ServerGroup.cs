namespace OrleansChat.Bench.Load.Servers;

/// <summary>
/// The server side of a run: one process (the chat server or the baseline) or a cluster (silos + gateways). Clients
/// connect to the <see cref="Addresses"/> in turn; CPU and memory are summed over every process.
/// </summary>
internal sealed class ServerGroup : IAsyncDisposable
{
    private readonly IReadOnlyList<ServerProcess> _processes;
    private readonly string? _sharedDataDirectory;

    public ServerGroup(ServerProcess single)
        : this(single.Name, [single], [single.Address], null)
    {
    }

    public ServerGroup(string name, IReadOnlyList<ServerProcess> processes, IReadOnlyList<Uri> addresses, string? sharedDataDirectory)
    {
        Name = name;
        _processes = processes;
        Addresses = addresses;
        _sharedDataDirectory = sharedDataDirectory;
    }

    public string Name { get; }

    /// <summary>The endpoints clients use (the public ones: the server, or the cluster's gateways).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public IReadOnlyList<ServerProcess> Processes => _processes;

    /// <summary>CPU time of every process, or null when one is not measurable (an external server without a pid).</summary>
    public TimeSpan? CpuTime
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var process in _processes)
            {
                if (process.CpuTime is not { } cpu)
                {
                    return null;
                }

                total += cpu;
            }

            return total;
        }
    }

    /// <summary>Resident memory of every process, or null when one is not measurable.</summary>
    public long? ResidentBytes
    {
        get
        {
            long total = 0;
            foreach (var process in _processes)
            {
                if (process.ResidentBytes is not { } rss)
                {
                    return null;
                }

                total += rss;
            }

            return total;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateways first, then silos: the reverse of the start order.
        foreach (var process in _processes.Reverse())
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (_sharedDataDirectory is not null)
        {
            ServerProcess.TryDeleteDirectory(_sharedDataDirectory);
        }
    }
}
