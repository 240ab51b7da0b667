namespace OrleansChat.Storage;

/// <summary>The SQL of <see cref="SqliteGrainStorage"/> for one table.</summary>
internal sealed class SqliteStatements(string table)
{
    private const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";

    public string CreateTable { get; } = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS " + table + " ("
        + "grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, "
        + "payload BLOB NOT NULL, etag TEXT NOT NULL, modified_utc TEXT NOT NULL, "
        + "PRIMARY KEY (grain_type, grain_key, state_name))";

    public string Select { get; } = "SELECT payload, etag FROM " + table + " WHERE " + Key;

    public string SelectEtag { get; } = "SELECT etag FROM " + table + " WHERE " + Key;

    public string Insert { get; } = "INSERT INTO " + table + " (grain_type, grain_key, state_name, payload, etag, modified_utc) "
        + "VALUES (@grain_type, @grain_key, @state_name, @payload, @etag, @modified_utc) "
        + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING";

    public string Update { get; } = "UPDATE " + table + " SET payload = @payload, etag = @etag, modified_utc = @modified_utc WHERE " + Key + " AND etag = @expected_etag";

    public string Delete { get; } = "DELETE FROM " + table + " WHERE " + Key + " AND etag = @expected_etag";
}
