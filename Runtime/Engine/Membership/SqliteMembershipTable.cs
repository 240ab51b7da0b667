using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The membership table in a SQLite file, for silos (processes) that share one host: table <c>membership</c> keyed by
/// (cluster_id, endpoint, generation), times as UTC ticks, WAL journal. Every statement is a single autocommit
/// statement, so processes never hold a lock across calls; a writer that meets another process's lock waits
/// (retrying) up to <see cref="SqliteMembershipTableOptions.BusyTimeout"/> instead of failing.
/// </summary>
public sealed class SqliteMembershipTable : IMembershipTable
{
    private const string Key = "cluster_id = @cluster_id AND endpoint = @endpoint AND generation = @generation";
    private const string SelectSql = "SELECT endpoint, generation, name, status, started_at, iamalive_at FROM membership WHERE cluster_id = @cluster_id";
    private const string InsertSql = "INSERT INTO membership (cluster_id, endpoint, generation, name, status, started_at, iamalive_at) "
        + "VALUES (@cluster_id, @endpoint, @generation, @name, @status, @started_at, @iamalive_at) "
        + "ON CONFLICT (cluster_id, endpoint, generation) DO NOTHING";
    private const string UpdateStatusSql = "UPDATE membership SET status = @status WHERE " + Key + " AND status < @status";
    private const string UpdateIAmAliveSql = "UPDATE membership SET iamalive_at = @iamalive_at WHERE " + Key;
    private const string CleanupSql = "DELETE FROM membership WHERE cluster_id = @cluster_id AND status = @status AND iamalive_at < @before";
    private const string SchemaSql = "PRAGMA journal_mode=WAL; "
        + "CREATE TABLE IF NOT EXISTS membership ("
        + "cluster_id TEXT NOT NULL, endpoint TEXT NOT NULL, generation INTEGER NOT NULL, name TEXT NOT NULL, "
        + "status INTEGER NOT NULL, started_at INTEGER NOT NULL, iamalive_at INTEGER NOT NULL, "
        + "PRIMARY KEY (cluster_id, endpoint, generation))";

    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly string _clusterId;
    private readonly string _busyTimeoutSql;
    private readonly ILogger<SqliteMembershipTable> _logger;

    /// <summary>
    /// Writes of this process queue here, asynchronously, rather than meet each other's lock in SQLite (where
    /// Microsoft.Data.Sqlite blocks its thread between retries); other processes are waited for by the busy timeout.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Creates the table over <see cref="SqliteMembershipTableOptions.DataSource"/> for <see cref="MembershipOptions.ClusterId"/>.</summary>
    public SqliteMembershipTable(IOptions<SqliteMembershipTableOptions> options, IOptions<MembershipOptions> membershipOptions, ILogger<SqliteMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(membershipOptions);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.DataSource, "options.DataSource");
        var busySeconds = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = settings.DataSource,
            Pooling = true,
            DefaultTimeout = busySeconds,
        }.ToString();
        _busyTimeoutSql = "PRAGMA busy_timeout = " + ((long)settings.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        _dataSource = settings.DataSource;
        _clusterId = membershipOptions.Value.ClusterId;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_dataSource));
        if (directory is { Length: > 0 })
        {
            Directory.CreateDirectory(directory);
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = SchemaSql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }

        MembershipLog.SqliteInitialized(_logger, _dataSource, _clusterId);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, SelectSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new MembershipEntry(
                new SiloAddress(reader.GetString(0), reader.GetInt64(1)),
                reader.GetString(2),
                (SiloStatus)reader.GetInt32(3),
                FromTicks(reader.GetInt64(4)),
                FromTicks(reader.GetInt64(5))));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task InsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var inserted = await WriteAsync(InsertSql, entry.Silo, command =>
        {
            AddParameter(command, "@name", entry.Name);
            AddParameter(command, "@status", (int)entry.Status);
            AddParameter(command, "@started_at", entry.StartedAt.UtcTicks);
            AddParameter(command, "@iamalive_at", entry.IAmAliveAt.UtcTicks);
        }, cancellationToken).ConfigureAwait(false);
        if (inserted == 0)
        {
            throw new InvalidOperationException("Silo " + entry.Silo + " is already in the membership table of cluster '" + _clusterId + "'.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var updated = await WriteAsync(UpdateStatusSql, silo, command => AddParameter(command, "@status", (int)status), cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return WriteAsync(UpdateIAmAliveSql, silo, command => AddParameter(command, "@iamalive_at", at.UtcTicks), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CleanupDeadAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(CleanupSql, silo: null, command =>
        {
            AddParameter(command, "@status", (int)SiloStatus.Dead);
            AddParameter(command, "@before", before.UtcTicks);
        }, cancellationToken);

    private static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private async Task<int> WriteAsync(string sql, SiloAddress? silo, Action<DbCommand> addParameters, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, sql);
            if (silo is not null)
            {
                AddParameter(command, "@endpoint", silo.Endpoint);
                AddParameter(command, "@generation", silo.Generation);
            }

            addParameters(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@cluster_id", _clusterId);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var busy = connection.CreateCommand();
            busy.CommandText = _busyTimeoutSql;
            await busy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
