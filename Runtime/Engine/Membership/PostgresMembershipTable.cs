using Microsoft.Extensions.Options;
using Npgsql;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The membership table in PostgreSQL, for clusters whose silos run on several hosts. One table,
/// <c>orleanschat_membership</c>, holds every cluster's rows keyed by (cluster_id, endpoint, generation); this instance
/// sees only its <see cref="PostgresMembershipTableOptions.ClusterId"/>. Status changes are forward-only in SQL
/// (<c>WHERE status &lt; @status</c>), so concurrent writers need no table version. Timestamps are stored to the
/// microsecond (timestamptz). Connections come from one pooled <see cref="NpgsqlDataSource"/>, released on dispose.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    /// <summary>The table's name.</summary>
    public const string TableName = "orleanschat_membership";

    private const string Columns = "endpoint, generation, name, status, started_at, iamalive_at";
    private const string RowKey = "cluster_id = @cluster_id AND endpoint = @endpoint AND generation = @generation";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;

    /// <summary>Creates the table's client; nothing is opened until the first call.</summary>
    public PostgresMembershipTable(IOptions<PostgresMembershipTableOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(value.ConnectionString, "options.ConnectionString");
        ArgumentException.ThrowIfNullOrWhiteSpace(value.ClusterId, "options.ClusterId");
        _dataSource = NpgsqlDataSource.Create(value.ConnectionString);
        _clusterId = value.ClusterId;
    }

    /// <summary>The cluster whose rows this instance reads and writes.</summary>
    public string ClusterId => _clusterId;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSchema.CreateAsync(
            connection,
            "CREATE TABLE IF NOT EXISTS " + TableName + " ("
            + "cluster_id text NOT NULL, endpoint text NOT NULL, generation bigint NOT NULL, name text NOT NULL, "
            + "status int NOT NULL, started_at timestamptz NOT NULL, iamalive_at timestamptz NOT NULL, "
            + "PRIMARY KEY (cluster_id, endpoint, generation))",
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT " + Columns + " FROM " + TableName + " WHERE cluster_id = @cluster_id ORDER BY endpoint COLLATE \"C\", generation");
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new MembershipEntry(
                new SiloAddress(reader.GetString(0), reader.GetInt64(1)),
                reader.GetString(2),
                (SiloStatus)reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task InsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO " + TableName + " (cluster_id, " + Columns + ") "
            + "VALUES (@cluster_id, @endpoint, @generation, @name, @status, @started_at, @iamalive_at) "
            + "ON CONFLICT (cluster_id, endpoint, generation) DO NOTHING");
        AddKey(command, entry.Silo);
        command.Parameters.AddWithValue("name", entry.Name);
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.AddWithValue("started_at", entry.StartedAt.ToUniversalTime());
        command.Parameters.AddWithValue("iamalive_at", entry.IAmAliveAt.ToUniversalTime());
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException("Silo " + entry.Silo + " is already in the membership table (cluster '" + _clusterId + "').");
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var command = _dataSource.CreateCommand(
            "UPDATE " + TableName + " SET status = @status WHERE " + RowKey + " AND status < @status");
        AddKey(command, silo);
        command.Parameters.AddWithValue("status", (int)status);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var command = _dataSource.CreateCommand(
            "UPDATE " + TableName + " SET iamalive_at = @iamalive_at WHERE " + RowKey);
        AddKey(command, silo);
        command.Parameters.AddWithValue("iamalive_at", at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CleanupDeadAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM " + TableName + " WHERE cluster_id = @cluster_id AND status = @dead AND iamalive_at < @before");
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("dead", (int)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", before.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    private void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("cluster_id", _clusterId);
        command.Parameters.AddWithValue("endpoint", silo.Endpoint);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }
}
