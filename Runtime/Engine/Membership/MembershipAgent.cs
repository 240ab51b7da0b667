using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// A silo's membership: writes its own row and heartbeat, reads the table, declares silent peers dead and notices
/// when it has itself been declared dead (Orleans' MembershipTableManager + ClusterHealthMonitor, reduced to
/// heartbeat ages instead of probes and votes).
/// </summary>
/// <remarks>
/// Life cycle, driven by the silo's cluster hosted service: <see cref="JoinAsync"/> (row Joining, loops start),
/// <see cref="BecomeActiveAsync"/>, <see cref="ShutDownAsync"/>, <see cref="StopAsync"/>. Two loops run in between:
/// the heartbeat writes IAmAlive every <see cref="MembershipOptions.HeartbeatInterval"/>; the refresh reads every
/// <see cref="MembershipOptions.TableRefreshInterval"/> (sooner after <see cref="ReportUnreachable"/>), declares dead
/// every peer whose heartbeat is older than <see cref="MembershipOptions.DeathTimeout"/> (or than
/// <see cref="MembershipOptions.UnreachableGracePeriod"/> for a peer reported unreachable), publishes the view and
/// now and then deletes old dead rows. Table errors are logged and retried on the next tick.
/// A silo whose own heartbeat loop was paused (a stopped process, a starved thread pool) declares no one dead until
/// it has run steadily for two heartbeat intervals again, so that its peers, paused with it on the same host, can
/// write their heartbeats first.
/// </remarks>
internal sealed class MembershipAgent : IClusterMembershipView, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MembershipAgent> _logger;
    private readonly MembershipSnapshotPublisher _view;
    private readonly RefreshSignal _wake = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly ConcurrentDictionary<SiloAddress, DateTimeOffset> _unreachable = new();
    private readonly CancellationTokenSource _declaredDead = new();
    private readonly CancellationTokenSource _loops = new();
    private readonly Lock _lifecycle = new();
    private readonly TimeSpan _steadyAfter;
    private readonly TimeSpan _cleanupPeriod;
    private SiloAddress? _self;
    private string _name = "";
    private Task _heartbeatLoop = Task.CompletedTask;
    private Task _refreshLoop = Task.CompletedTask;
    private long _lastTickTicks;
    private long _steadySinceTicks;
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;
    private int _selfDead;
    private volatile bool _leaving;
    private bool _stopped;

    public MembershipAgent(IMembershipTable table, IOptions<MembershipOptions> options, TimeProvider time, ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _view = new MembershipSnapshotPublisher(logger);
        _steadyAfter = _options.HeartbeatInterval * 2;
        _cleanupPeriod = TimeSpan.FromTicks(Math.Max(_options.TableRefreshInterval.Ticks, _options.DefunctRetention.Ticks / 2));
    }

    /// <summary>This silo's address; set by <see cref="JoinAsync"/>.</summary>
    public SiloAddress Self => _self ?? throw new InvalidOperationException("The membership agent has not joined the cluster yet.");

    /// <summary>
    /// Cancelled once, when the agent reads its own row as Dead (or finds it gone): a peer declared this silo dead
    /// after a partition or a long pause. The silo must then stop without further work; its grains live elsewhere now.
    /// Callbacks run on the thread pool, never inside the agent's loops.
    /// </summary>
    public CancellationToken DeclaredDead => _declaredDead.Token;

    /// <inheritdoc />
    public MembershipSnapshot Current => _view.Current;

    /// <summary>
    /// Initializes the table, inserts this silo's row (Joining, heartbeat now), publishes the first view and starts
    /// the heartbeat and refresh loops.
    /// </summary>
    /// <exception cref="InvalidOperationException">The agent already joined, or the table has a row for <paramref name="self"/>.</exception>
    public async Task JoinAsync(SiloAddress self, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(name);
        lock (_lifecycle)
        {
            if (_self is not null || _stopped)
            {
                throw new InvalidOperationException("The membership agent can join once only (silo " + (_self ?? self) + ").");
            }
        }

        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        await _table.InsertAsync(new MembershipEntry(self, name, SiloStatus.Joining, now, now), cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastTickTicks, now.UtcTicks);
        Interlocked.Exchange(ref _steadySinceTicks, now.UtcTicks);
        lock (_lifecycle)
        {
            _name = name;
            _self = self;
        }

        var snapshot = await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
        var peers = snapshot.Entries.Count(e => e.Silo != self && IsAlive(e.Status));
        MembershipLog.Joined(_logger, self, name, _options.ClusterId, peers);
        var token = _loops.Token;
        _heartbeatLoop = Task.Run(() => HeartbeatLoopAsync(self, token), CancellationToken.None);
        _refreshLoop = Task.Run(() => RefreshLoopAsync(token), CancellationToken.None);
    }

    /// <summary>Moves this silo to Active (placement may put grains here) and refreshes the view, which then shows it Active.</summary>
    /// <exception cref="InvalidOperationException">The silo's row is not Active afterwards (it was declared dead meanwhile).</exception>
    public async Task BecomeActiveAsync(CancellationToken cancellationToken)
    {
        var self = Self;
        await _table.UpdateStatusAsync(self, SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        var snapshot = await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
        var status = snapshot.GetStatus(self);
        if (status != SiloStatus.Active)
        {
            throw new InvalidOperationException("Silo " + self + " could not become Active: the membership table has it " + status + ".");
        }
    }

    /// <summary>Moves this silo to ShuttingDown (peers stop placing grains here) and refreshes the view; heartbeats go on until <see cref="StopAsync"/>.</summary>
    public async Task ShutDownAsync(CancellationToken cancellationToken)
    {
        var self = Self;
        await _table.UpdateStatusAsync(self, SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the loops (waiting for them to end). When <paramref name="graceful"/>, then writes this silo's row Dead so
    /// peers forget it at once; a failure of that write is logged and peers declare the silo dead after
    /// <see cref="MembershipOptions.DeathTimeout"/>. When not graceful (a crash), writes nothing. Idempotent.
    /// </summary>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        SiloAddress? self;
        lock (_lifecycle)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            self = _self;
        }

        _leaving = true;
        await _loops.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_heartbeatLoop, _refreshLoop).ConfigureAwait(false);
        if (self is null)
        {
            return;
        }

        if (graceful && Volatile.Read(ref _selfDead) == 0)
        {
            try
            {
                await _table.UpdateStatusAsync(self, SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                MembershipLog.TableFailed(_logger, "UpdateStatus(Dead)", exception);
            }
        }

        MembershipLog.Stopped(_logger, self, graceful ? "graceful" : "abrupt");
    }

    /// <inheritdoc />
    public Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken) =>
        _view.WaitForChangeAsync(afterVersion, cancellationToken);

    /// <inheritdoc />
    public Task RefreshAsync(CancellationToken cancellationToken) => RefreshCoreAsync(cancellationToken);

    /// <inheritdoc />
    public void ReportUnreachable(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var self = _self;
        if (self is null || _leaving || silo == self)
        {
            return;
        }

        // Only silos in the view are remembered (so the set stays as small as the cluster); the read sees new ones.
        if (IsAlive(_view.Current.GetStatus(silo)))
        {
            _unreachable[silo] = _time.GetUtcNow();
        }

        _wake.Wake();
    }

    /// <summary>Stops abruptly if still running (writes nothing) and releases the agent's resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
        _loops.Dispose();
        _refreshGate.Dispose();
    }

    private static bool IsAlive(SiloStatus status) => status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown;

    private async Task<MembershipSnapshot> RefreshCoreAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var self = _self;
            var declaredDead = false;
            if (self is not null && !_leaving && Volatile.Read(ref _selfDead) == 0)
            {
                var own = rows.FirstOrDefault(r => r.Silo == self);
                if (own is null || own.Status == SiloStatus.Dead)
                {
                    declaredDead = OnSelfDeclaredDead(self, own?.Status ?? SiloStatus.None);
                }
                else
                {
                    ForgetStaleReports(rows, now);
                    rows = await DeclareSilentPeersDeadAsync(self, rows, now, cancellationToken).ConfigureAwait(false);
                }
            }

            // The view first, then the signal: whoever wakes on DeclaredDead reads a view that says so.
            var snapshot = _view.Publish(rows);
            if (declaredDead)
            {
                _ = SignalDeclaredDeadAsync(self!);
            }

            return snapshot;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task<IReadOnlyList<MembershipEntry>> DeclareSilentPeersDeadAsync(SiloAddress self, IReadOnlyList<MembershipEntry> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!IsSteady(now))
        {
            return rows;
        }

        List<MembershipEntry>? updated = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Silo == self || !IsAlive(row.Status))
            {
                continue;
            }

            var age = now - row.IAmAliveAt;
            var silent = age > _options.DeathTimeout;
            var unreachable = !silent && age > _options.UnreachableGracePeriod && _unreachable.ContainsKey(row.Silo);
            if (!silent && !unreachable)
            {
                continue;
            }

            if (await _table.UpdateStatusAsync(row.Silo, SiloStatus.Dead, cancellationToken).ConfigureAwait(false))
            {
                if (silent)
                {
                    MembershipLog.DeclaredDeadNoHeartbeat(_logger, row.Silo, row.Name, age, _options.DeathTimeout);
                }
                else
                {
                    MembershipLog.DeclaredDeadUnreachable(_logger, row.Silo, row.Name, age, _options.UnreachableGracePeriod);
                }
            }

            // Declared by us or, a moment earlier, by another peer: the row is Dead (or gone) either way.
            _unreachable.TryRemove(row.Silo, out _);
            updated ??= [.. rows];
            updated[i] = row with { Status = SiloStatus.Dead };
        }

        return updated ?? rows;
    }

    /// <summary>Reports expire after the death timeout, and with the silo's row.</summary>
    private void ForgetStaleReports(IReadOnlyList<MembershipEntry> rows, DateTimeOffset now)
    {
        foreach (var (silo, reportedAt) in _unreachable)
        {
            if (now - reportedAt > _options.DeathTimeout || !rows.Any(r => r.Silo == silo && IsAlive(r.Status)))
            {
                _unreachable.TryRemove(silo, out _);
            }
        }
    }

    /// <summary>True when the heartbeat loop is ticking and has ticked regularly for a while, i.e. this silo was not just paused.</summary>
    private bool IsSteady(DateTimeOffset now)
    {
        var lastTick = new DateTimeOffset(Interlocked.Read(ref _lastTickTicks), TimeSpan.Zero);
        var steadySince = new DateTimeOffset(Interlocked.Read(ref _steadySinceTicks), TimeSpan.Zero);
        return now - lastTick <= _steadyAfter && now - steadySince >= _steadyAfter;
    }

    // True when this call is the one that found the silo dead (the caller then signals DeclaredDead).
    private bool OnSelfDeclaredDead(SiloAddress self, SiloStatus status)
    {
        if (Interlocked.Exchange(ref _selfDead, 1) != 0)
        {
            return false;
        }

        MembershipLog.SelfDeclaredDead(_logger, self, status);
        _loops.Cancel();
        return true;
    }

    private async Task SignalDeclaredDeadAsync(SiloAddress self)
    {
        try
        {
            await Task.Run(_declaredDead.Cancel).ConfigureAwait(false);
        }
        catch (AggregateException exception)
        {
            MembershipLog.DeclaredDeadCallbackFailed(_logger, self, exception);
        }
    }

    private async Task HeartbeatLoopAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                var gap = now - new DateTimeOffset(Interlocked.Exchange(ref _lastTickTicks, now.UtcTicks), TimeSpan.Zero);
                if (gap > _steadyAfter)
                {
                    Interlocked.Exchange(ref _steadySinceTicks, now.UtcTicks);
                    MembershipLog.PauseDetected(_logger, self, gap, _options.HeartbeatInterval, _steadyAfter);
                }

                try
                {
                    await _table.UpdateIAmAliveAsync(self, now, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    MembershipLog.TableFailed(_logger, "UpdateIAmAlive", exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping, or this silo was declared dead.
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var interval = _options.TableRefreshInterval;
        try
        {
            while (true)
            {
                await CleanupIfDueAsync(cancellationToken).ConfigureAwait(false);
                await _wake.WaitAsync(interval, interval / 4, _time, cancellationToken).ConfigureAwait(false);
                try
                {
                    await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    MembershipLog.TableFailed(_logger, "Refresh", exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping, or this silo was declared dead.
        }
    }

    private async Task CleanupIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _lastCleanup < _cleanupPeriod)
        {
            return;
        }

        _lastCleanup = now;
        try
        {
            var deleted = await _table.CleanupDeadAsync(now - _options.DefunctRetention, cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                MembershipLog.DefunctCleaned(_logger, deleted);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            MembershipLog.TableFailed(_logger, "CleanupDead", exception);
        }
    }
}
