using Microsoft.Data.Sqlite;

namespace OrleansChat.Storage.Tests;

/// <summary>A SQLite file in a fresh temporary directory, deleted with it.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanschat-storage-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "data", "orleanschat.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
