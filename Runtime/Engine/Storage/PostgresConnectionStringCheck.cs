using Npgsql;

namespace OrleansChat.Runtime.Storage;

/// <summary>The connection string check shared by the PostgreSQL options validators.</summary>
internal static class PostgresConnectionStringCheck
{
    /// <summary>Adds a failure naming <paramref name="optionName"/> when the string is empty, unparsable or names no host.</summary>
    public static void Check(List<string> failures, string optionName, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add(optionName + " must be set (an Npgsql connection string, e.g. \"Host=db1;Database=orleanschat;Username=chat\").");
            return;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add(optionName + " is not a valid Npgsql connection string: " + e.Message);
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add(optionName + " must name a Host.");
        }
    }
}
