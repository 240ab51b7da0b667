using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OrleansChat.Runtime.Tests.Postgres;

/// <summary>
/// A private, throwaway PostgreSQL server for the test run: initdb into a temp directory (as the postgres OS user when
/// the tests run as root, since initdb refuses root), trust auth, listening only on 127.0.0.1 on a free port with its
/// unix socket in the temp directory, durability off for speed. Stopped (immediate) and deleted on dispose. Needs the
/// Debian postgresql package (Tests/install-peers.sh installs it); without it every test in the collection fails.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string Superuser = "postgres";
    private const string DatabaseName = "orleanschat_tests";
    private const int StartAttempts = 3;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    private string? _binaries;
    private string? _directory;
    private string? _dataDirectory;
    private bool _running;
    private int _port;

    /// <summary>Connection string of the test database (created at start).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The server's maintenance database, used to create the test databases.</summary>
    private string AdminConnectionString => Connection("postgres");

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Run Tests/install-peers.sh (as root, or with sudo) "
            + "to install the Debian postgresql package; CI runs it before the tests.");
        try
        {
            await CreateServerAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task CreateServerAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "orleanschat-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _dataDirectory = Path.Combine(_directory, "data");
        Directory.CreateDirectory(_directory);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", [Superuser + ":", _directory]);
        }

        await RunToolAsync("initdb", ["-D", _dataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]);
        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"), string.Join('\n',
            "",
            "# orleanschat tests: private, loopback only, no durability",
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + _directory + "'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "shared_buffers = 16MB",
            "max_connections = 100",
            ""));
        await StartAsync();
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE DATABASE " + DatabaseName, admin);
            await command.ExecuteNonQueryAsync();
        }

        ConnectionString = Connection(DatabaseName);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_running)
            {
                await RunToolAsync("pg_ctl", ["-D", _dataDirectory!, "-m", "immediate", "-w", "stop"]);
                _running = false;
            }
        }
        finally
        {
            if (_directory is not null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }

    /// <summary>Opens a connection to the test database (for tests that look at tables directly).</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE DATABASE " + name, admin);
        await command.ExecuteNonQueryAsync();
        return Connection(name);
    }

    private string Connection(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = Superuser,
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Starts the server on a free port; another process may take the port between probe and bind, so retry.</summary>
    private async Task StartAsync()
    {
        var log = Path.Combine(_directory!, "server.log");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            _port = FreePort();
            try
            {
                await RunToolAsync("pg_ctl", ["-D", _dataDirectory!, "-l", log, "-w", "-t", "60", "-o", "-p " + _port.ToString(CultureInfo.InvariantCulture), "start"]);
                _running = true;
                return;
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
        throw new InvalidOperationException(
            "PostgreSQL did not start in " + StartAttempts + " attempts:\n" + string.Join('\n', failures) + "\nServer log:\n" + serverLog);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The bin directory of the newest installed PostgreSQL, or null.</summary>
    private static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(c => File.Exists(Path.Combine(c.Directory, "initdb")) && File.Exists(Path.Combine(c.Directory, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Directory)
            .FirstOrDefault();
    }

    /// <summary>Runs a PostgreSQL tool, as the postgres OS user when this process is root.</summary>
    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binaries!, tool);
        return Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", Superuser, "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + file + ".");
        using var timeout = new CancellationTokenSource(ToolTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(file + " " + string.Join(' ', arguments) + " did not finish within " + ToolTimeout + ".");
        }

        var output = (await stderr) + (await stdout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(file + " " + string.Join(' ', arguments) + " exited with " + process.ExitCode + ": " + output);
        }
    }
}
