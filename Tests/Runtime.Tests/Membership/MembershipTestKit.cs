using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

/// <summary>
/// Agents and readers over a shared table with short intervals, disposed together; disposing fails the test on
/// any Error or Critical log unless the test expects one.
/// </summary>
internal sealed class MembershipTestKit : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly ILoggerFactory _loggerFactory;
    private int _nextPort = 11000;

    public MembershipTestKit(IMembershipTable? table = null)
    {
        Table = table ?? new MemoryMembershipTable();
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(Errors));
    }

    public IMembershipTable Table { get; }

    public ErrorLogSink Errors { get; } = new();

    /// <summary>Set by a test that provokes an Error or Critical log on purpose.</summary>
    public bool ErrorsExpected { get; set; }

    /// <summary>Heartbeat and refresh every 100 ms, death after 1.5 s.</summary>
    public static MembershipOptions FastOptions(Action<MembershipOptions>? configure = null)
    {
        var options = new MembershipOptions
        {
            ClusterId = "tests",
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            TableRefreshInterval = TimeSpan.FromMilliseconds(100),
            DeathTimeout = TimeSpan.FromSeconds(1.5),
            UnreachableGracePeriod = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return options;
    }

    public SiloAddress NextAddress() => new("127.0.0.1:" + _nextPort++, 1);

    public MembershipAgent CreateAgent(Action<MembershipOptions>? configure = null, IMembershipTable? table = null)
    {
        var agent = new MembershipAgent(table ?? Table, Options.Create(FastOptions(configure)), TimeProvider.System, _loggerFactory.CreateLogger<MembershipAgent>());
        _owned.Add(agent);
        return agent;
    }

    /// <summary>A new agent that joined and became active.</summary>
    public async Task<MembershipAgent> StartAgentAsync(Action<MembershipOptions>? configure = null, IMembershipTable? table = null)
    {
        var agent = CreateAgent(configure, table);
        var address = NextAddress();
        await agent.JoinAsync(address, "silo-" + address.Endpoint, CancellationToken.None);
        await agent.BecomeActiveAsync(CancellationToken.None);
        return agent;
    }

    public MembershipReader CreateReader(IMembershipTable? table = null)
    {
        var reader = new MembershipReader(table ?? Table, Options.Create(FastOptions()), TimeProvider.System, _loggerFactory.CreateLogger<MembershipReader>());
        _owned.Add(reader);
        return reader;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _loggerFactory.Dispose();
        if (!ErrorsExpected)
        {
            Assert.Empty(Errors.Errors);
        }
    }
}
