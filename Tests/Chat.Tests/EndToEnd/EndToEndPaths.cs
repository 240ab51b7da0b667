namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>Where the end-to-end tests find the server build, the protos and the Python peers.</summary>
internal static class EndToEndPaths
{
    /// <summary>Debian's interpreter, which has python3-grpcio and python3-grpc-tools (not a pyenv one).</summary>
    public const string Python = "/usr/bin/python3";

    public const string PythonInstallHint = "apt-get install -y python3-grpcio python3-grpc-tools";

    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The silo built next to this test assembly (Chat.Tests references the Silo project).</summary>
    public static string SiloDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "OrleansChat.Silo.dll");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The server build is missing: {path} (Chat.Tests must reference Silo/Silo.csproj).");
            }

            return path;
        }
    }

    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    public static string ProtosDirectory => Path.Combine(RepositoryRoot, "protos");

    /// <summary>Debian's grpc-proto: the standard health and reflection protos, for peers that call those services.</summary>
    public const string GrpcProtosDirectory = "/usr/share/grpc-proto";

    public static string PeerScript => Path.Combine(RepositoryRoot, "Tests", "Peers", "python", "chat_peer.py");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "protos", "chat.proto"))
                && File.Exists(Path.Combine(dir.FullName, "Tests", "Peers", "python", "chat_peer.py")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (protos/chat.proto + Tests/Peers/python/chat_peer.py) above {AppContext.BaseDirectory}.");
    }
}
