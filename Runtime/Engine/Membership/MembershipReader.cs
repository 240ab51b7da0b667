using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The membership view of a cluster client (a gateway hosting no grains): reads the table every
/// <see cref="MembershipOptions.TableRefreshInterval"/>, sooner after <see cref="ReportUnreachable"/>. It never writes a
/// row and never declares a silo dead; the silos do that.
/// </summary>
internal sealed class MembershipReader : IClusterMembershipView, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MembershipReader> _logger;
    private readonly MembershipSnapshotPublisher _view;
    private readonly RefreshSignal _wake = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _loop = new();
    private readonly Lock _lifecycle = new();
    private Task _refreshLoop = Task.CompletedTask;
    private bool _started;
    private bool _stopped;

    public MembershipReader(IMembershipTable table, IOptions<MembershipOptions> options, TimeProvider time, ILogger<MembershipReader> logger)
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
    }

    /// <inheritdoc />
    public MembershipSnapshot Current => _view.Current;

    /// <summary>Initializes the table, reads it (publishing the first view) and starts the refresh loop.</summary>
    /// <exception cref="InvalidOperationException">The reader was started or stopped before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_started || _stopped)
            {
                throw new InvalidOperationException("The membership reader can start once only.");
            }

            _started = true;
        }

        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
        MembershipLog.ReaderStarted(_logger, _options.ClusterId, snapshot.ActiveSilos.Count);
        var token = _loop.Token;
        _refreshLoop = Task.Run(() => RefreshLoopAsync(token), CancellationToken.None);
    }

    /// <summary>
    /// Stops the refresh loop and waits for it to end (it ends promptly, so even an already cancelled
    /// <paramref name="cancellationToken"/> lets the stop complete); the last view stays readable. Idempotent.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _loop.CancelAsync().ConfigureAwait(false);
        await _refreshLoop.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken) =>
        _view.WaitForChangeAsync(afterVersion, cancellationToken);

    /// <inheritdoc />
    public Task RefreshAsync(CancellationToken cancellationToken) => RefreshCoreAsync(cancellationToken);

    /// <summary>Triggers an early read (a client declares no one dead); never blocks.</summary>
    public void ReportUnreachable(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        _wake.Wake();
    }

    /// <summary>Stops the loop and releases the reader's resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _loop.Dispose();
        _refreshGate.Dispose();
    }

    private async Task<MembershipSnapshot> RefreshCoreAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            return _view.Publish(rows);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        var interval = _options.TableRefreshInterval;
        try
        {
            while (true)
            {
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
            // Stopping.
        }
    }
}
