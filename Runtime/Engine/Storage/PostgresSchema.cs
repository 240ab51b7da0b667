using System.Data.Common;

namespace OrleansChat.Runtime.Storage;

/// <summary>
/// Creates PostgreSQL tables safely when several processes start at once: concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> of one table can fail with a unique violation in the catalog, so the DDL runs in a
/// transaction holding a cluster-wide advisory lock.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key taken while creating OrleansChat tables ("OCSCHEMA" in ASCII).</summary>
    private const long SchemaLockKey = 0x4F43_5343_4845_4D41;

    /// <summary>Runs <paramref name="ddl"/> (idempotent statements) on <paramref name="connection"/> (open) under the schema lock.</summary>
    public static async Task CreateAsync(DbConnection connection, string ddl, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(" + SchemaLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture) + "); " + ddl;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
