namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Where a cluster keeps its membership table and grain state (<c>--cluster</c>): <c>sqlite</c> (files in the data
/// directory, for silos that share one host) or <c>postgres:&lt;connection string&gt;</c> (for silos on many hosts).
/// </summary>
/// <param name="Kind">The store.</param>
/// <param name="ConnectionString">PostgreSQL's connection string; empty for SQLite.</param>
public sealed record ClusterStore(ClusterStoreKind Kind, string ConnectionString)
{
    private const string PostgresPrefix = "postgres:";

    /// <summary>The text <c>--cluster</c> accepts, for messages.</summary>
    public const string Syntax = "'sqlite' or 'postgres:<connection string>' (e.g. postgres:Host=db;Username=chat;Password=…;Database=chat)";

    /// <summary>Reads a <c>--cluster</c> value; null with a reason when it is not one.</summary>
    public static ClusterStore? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        if (string.Equals(text, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new ClusterStore(ClusterStoreKind.Sqlite, string.Empty);
        }

        if (text.StartsWith(PostgresPrefix, StringComparison.OrdinalIgnoreCase) && text.Length > PostgresPrefix.Length)
        {
            return new ClusterStore(ClusterStoreKind.Postgres, text[PostgresPrefix.Length..]);
        }

        problem = "--cluster is " + Syntax + "; it is '" + text + "'.";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == ClusterStoreKind.Sqlite ? "sqlite" : "postgres";
}
