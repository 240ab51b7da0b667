using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Runtime;

namespace OrleansChat.Gateway.Rooms;

/// <summary>
/// Renews the leases of this gateway's sessions, one call per room every third of the lease. If this gateway
/// dies, the rooms let its sessions expire and announce their users gone.
/// </summary>
internal sealed class LeaseRenewalService : BackgroundService
{
    private const int MaxConcurrentRenewals = 16;

    private readonly RoomHub _hub;
    private readonly IGrainFactory _grains;
    private readonly GatewayIdentity _gateway;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaseRenewalService> _logger;

    public LeaseRenewalService(
        RoomHub hub,
        IGrainFactory grains,
        GatewayIdentity gateway,
        IOptions<RoomOptions> roomOptions,
        TimeProvider time,
        ILogger<LeaseRenewalService> logger)
    {
        _hub = hub;
        _grains = grains;
        _gateway = gateway;
        _period = roomOptions.Value.SessionLease / 3;
        _time = time;
        _logger = logger;
    }

    /// <summary>Renews every room's sessions once.</summary>
    public Task RenewAllAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            _hub.Feeds(),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRenewals, CancellationToken = cancellationToken },
            async (feed, _) => await RenewAsync(feed).ConfigureAwait(false));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RenewAllAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or a host that failed to start being disposed): nothing to renew any more.
        }
    }

    private async Task RenewAsync(RoomFeed feed)
    {
        var sessions = feed.ActiveSessions();
        if (sessions.Count == 0)
        {
            return;
        }

        var request = new RenewRequest { GatewayId = _gateway.Id };
        request.Sessions.AddRange(sessions);
        try
        {
            var result = await _grains.GetGrain<IRoomGrain>(feed.RoomId).Renew(request).ConfigureAwait(false);
            foreach (var sessionId in result.RejectedSessionIds)
            {
                GatewayLog.LeaseRejected(_logger, feed.RoomId, sessionId);
                feed.Reject(sessionId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next round tries again; the lease outlives two missed rounds.
            GatewayLog.LeaseRenewalFailed(_logger, feed.RoomId, exception);
        }
    }
}
