namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// grpc's official Ruby interop client (<c>src/ruby/pb/test/client.rb</c>) as Debian's <c>ruby-grpc</c> installs it:
/// grpc core (C) underneath, so it speaks the reference implementation's HTTP/2.
/// </summary>
internal sealed class RubyInteropClient
{
    public const string InstallHint = "install ruby-grpc (apt-get install -y ruby-grpc)";

    /// <summary>Points at a client.rb elsewhere (e.g. a gem installed with <c>gem install grpc</c>).</summary>
    public const string ClientPathVariable = "ORLEANSCHAT_RUBY_INTEROP_CLIENT";

    private const string ClientRelativePath = "src/ruby/pb/test/client.rb";

    private static readonly Lazy<(RubyInteropClient? Client, string Problem)> Installed = new(Locate);

    private RubyInteropClient(string ruby, string clientScript)
    {
        Ruby = ruby;
        ClientScript = clientScript;
    }

    public string Ruby { get; }

    public string ClientScript { get; }

    /// <summary>The installed client; fails the test (never skips it) when ruby or the gem is missing.</summary>
    public static RubyInteropClient Require()
    {
        var (client, problem) = Installed.Value;
        if (client is null)
        {
            Assert.Fail($"{problem}: {InstallHint}.");
        }

        return client;
    }

    /// <summary>Runs one test case against <paramref name="server"/>. With TLS the client trusts only the
    /// server's self-signed certificate (grpc core reads its roots from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH)
    /// and checks it against the name <c>foo.test.google.fr</c>.</summary>
    public Task<ExternalProcessResult> RunAsync(string testCase, InteropServerProcess server, TimeSpan timeout)
    {
        var arguments = new List<string>
        {
            ClientScript,
            "--server_host=127.0.0.1",
            "--server_port=" + server.Port,
            "--test_case=" + testCase,
        };
        var environment = new Dictionary<string, string>();
        if (server.Transport == InteropTransport.Tls)
        {
            arguments.Add("--use_tls=true");
            arguments.Add("--use_test_ca=false");
            arguments.Add("--server_host_override=" + server.TargetNameOverride);
            environment["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = server.CertificatePemPath!;
        }
        else
        {
            arguments.Add("--use_tls=false");
        }

        return ExternalProcess.RunAsync(Ruby, arguments, environment, timeout);
    }

    private static (RubyInteropClient? Client, string Problem) Locate()
    {
        var ruby = ExternalProcess.FindOnPath("ruby");
        if (ruby is null)
        {
            return (null, "ruby is not on PATH");
        }

        var script = Environment.GetEnvironmentVariable(ClientPathVariable);
        if (!string.IsNullOrEmpty(script))
        {
            return File.Exists(script)
                ? (new RubyInteropClient(ruby, script), string.Empty)
                : (null, $"{ClientPathVariable} names {script}, which does not exist");
        }

        script = FindInstalledGemClient();
        return script is null
            ? (null, $"grpc's Ruby interop client ({ClientRelativePath} of the grpc gem) is not installed")
            : (new RubyInteropClient(ruby, script), string.Empty);
    }

    /// <summary>Debian installs gems under /usr/lib/&lt;triplet&gt;/rubygems-integration (native) or
    /// /usr/share/rubygems-integration; <c>gem install</c> under /var/lib/gems. The newest version wins.</summary>
    private static string? FindInstalledGemClient()
    {
        string[] gemRoots = ["/usr/lib", "/usr/share", "/var/lib", "/usr/local/lib"];
        var candidates = new List<(string Script, Version Version)>();
        foreach (var gemsDirectory in gemRoots.SelectMany(GemDirectories))
        {
            foreach (var gem in Directory.EnumerateDirectories(gemsDirectory, "grpc-*"))
            {
                var script = Path.Combine(gem, ClientRelativePath);
                if (File.Exists(script))
                {
                    candidates.Add((script, GemVersion(Path.GetFileName(gem))));
                }
            }
        }

        return candidates.OrderByDescending(c => c.Version).Select(c => c.Script).FirstOrDefault();
    }

    /// <summary><c>&lt;root&gt;/rubygems-integration/&lt;abi&gt;/gems</c>, <c>&lt;root&gt;/&lt;triplet&gt;/rubygems-integration/&lt;abi&gt;/gems</c>
    /// and <c>&lt;root&gt;/gems/&lt;abi&gt;/gems</c>.</summary>
    private static IEnumerable<string> GemDirectories(string root)
    {
        return Children(root)
            .Select(child => Path.Combine(child, "rubygems-integration"))
            .Append(Path.Combine(root, "rubygems-integration"))
            .Append(Path.Combine(root, "gems"))
            .SelectMany(Children)
            .Select(abi => Path.Combine(abi, "gems"))
            .Where(Directory.Exists);

        static IEnumerable<string> Children(string directory) =>
            Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];
    }

    /// <summary>The version in a gem directory name such as <c>grpc-1.51.1</c> or <c>grpc-1.60.0-x86_64-linux</c>.</summary>
    private static Version GemVersion(string gemDirectoryName)
        => Version.TryParse(gemDirectoryName["grpc-".Length..].Split('-')[0], out var version) ? version : new Version(0, 0);
}
