using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Gateway.Auth;
using OrleansChat.Grains;
using OrleansChat.Grains.Validation;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Silo;

/// <summary>
/// The command line of <c>OrleansChat.Silo</c>: with no command it runs the embedded server (silo + gateway);
/// <c>token &lt;user&gt; --token-secret …</c> prints an access token for a user.
/// </summary>
internal static class SiloCommandLine
{
    private static readonly Option<int> PortOption = new("--port")
    {
        Description = "The port to listen on; 0 picks a free one.",
        DefaultValueFactory = _ => ChatServerOptions.DefaultPort,
    };

    private static readonly Option<int> WebPortOption = new("--web-port")
    {
        Description = "The HTTP/1.1 port for browsers (gRPC-Web); 0 turns it off.",
        DefaultValueFactory = _ => ChatServerOptions.DefaultWebPort,
    };

    private static readonly Option<string> ListenOption = new("--listen")
    {
        Description = "The IP address to listen on. Anything but loopback needs TLS or --allow-insecure.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private static readonly Option<string> DataOption = new("--data")
    {
        Description = "The state directory: SQLite database (orleanschat.db) and development certificate. Created if missing.",
        DefaultValueFactory = _ => "data",
    };

    private static readonly Option<int> HistoryOption = new("--history")
    {
        Description = "How many recent events each room keeps and replays (its history window).",
        DefaultValueFactory = _ => new RoomOptions().HistoryDepth,
    };

    private static readonly Option<string[]> AllowUsersOption = new("--allow-users")
    {
        Description = "Only these user ids may connect (comma-separated, e.g. alice,bob). Default: anyone.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<LogLevel> LogLevelOption = new("--log-level")
    {
        Description = "The minimum level of the log lines written to stderr (Trace, Debug, Information, Warning, Error, Critical, None).",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    private static readonly Option<int> MaxMessageBytesOption = new("--max-message-bytes")
    {
        Description = "The largest message text, in bytes of UTF-8.",
        DefaultValueFactory = _ => new OrleansChat.Gateway.GatewayOptions().MaxMessageBytes,
    };

    private static readonly Option<double> MessagesPerSecondOption = new("--messages-per-second")
    {
        Description = "The sustained message rate allowed per user.",
        DefaultValueFactory = _ => new OrleansChat.Gateway.GatewayOptions().MessagesPerSecond,
    };

    private static readonly Option<int?> MessageBurstOption = new("--message-burst")
    {
        Description = "How many messages a user may send at once before --messages-per-second applies. Default: twice the rate.",
    };

    private static readonly Option<double> KeepAliveOption = new("--keepalive-seconds")
    {
        Description = "How often the server pings an HTTP/2 connection to find half-open clients.",
        DefaultValueFactory = _ => new ChatServerOptions().KeepAliveInterval.TotalSeconds,
    };

    private static readonly Option<int> MaxRoomsOption = new("--max-rooms-per-connection")
    {
        Description = "The most rooms one stream may be in.",
        DefaultValueFactory = _ => new OrleansChat.Gateway.GatewayOptions().MaxRoomsPerConnection,
    };

    private static readonly Option<int> MaxStreamsOption = new("--max-streams-per-connection")
    {
        Description = "The most chat streams one connection may hold open.",
        DefaultValueFactory = _ => new OrleansChat.Gateway.GatewayOptions().MaxStreamsPerConnection,
    };

    private static readonly Option<string?> TokenSecretOption = new("--token-secret")
    {
        Description = "Require HMAC-signed tokens made with this secret (see the 'token' command); identity then comes only from tokens.",
    };

    private static readonly Option<FileInfo?> TlsCertOption = new("--tls-cert")
    {
        Description = "Serve TLS with this PEM certificate (with --tls-key).",
    };

    private static readonly Option<FileInfo?> TlsKeyOption = new("--tls-key")
    {
        Description = "The PEM private key of --tls-cert.",
    };

    private static readonly Option<bool> TlsSelfSignedOption = new("--tls-self-signed")
    {
        Description = "Serve TLS with a development certificate made on first run and kept in the data directory (dev-cert.pem).",
    };

    private static readonly Option<ServerRole> RoleOption = new("--role")
    {
        Description = "What this process does: all (a silo that also serves clients), silo (grains only) or gateway (clients only, no grains). silo and gateway need --cluster.",
        DefaultValueFactory = _ => ServerRole.All,
    };

    /// <summary>Where <c>--cluster</c> is read from when the flag is absent.</summary>
    internal const string ClusterEnvironmentVariable = "ORLEANSCHAT_CLUSTER";

    private static readonly Option<string?> ClusterOption = new("--cluster")
    {
        Description = "Form a cluster with the other processes using the same store: 'sqlite' (membership and state in --data; every process on this host "
            + "with the same --data) or 'postgres:<connection string>' (any hosts). Default: $" + ClusterEnvironmentVariable
            + " when set (keeps a database password out of the process list), else a single silo, no cluster.",
    };

    private static readonly Option<string> ClusterIdOption = new("--cluster-id")
    {
        Description = "The cluster's name in the store, so several clusters can share one.",
        DefaultValueFactory = _ => new ChatServerOptions().ClusterId,
    };

    private static readonly Option<int> SiloPortOption = new("--silo-port")
    {
        Description = "The port of the silo's cluster endpoint (silo-to-silo and gateway-to-silo calls, on the --listen address); 0 picks a free one.",
        DefaultValueFactory = _ => ChatServerOptions.DefaultSiloPort,
    };

    private static readonly Option<string?> AdvertiseHostOption = new("--advertise-host")
    {
        Description = "With --cluster: the host name or address other silos and gateways reach this silo at (needed when --listen is 0.0.0.0 or ::).",
    };

    private static readonly Option<bool> AllowInsecureOption = new("--allow-insecure")
    {
        Description = "Allow plaintext on a non-loopback --listen address.",
    };

    private static readonly Argument<string> TokenUserArgument = new("user")
    {
        Description = "The user id the token is for.",
    };

    private static readonly Option<string> TokenCommandSecretOption = new("--token-secret")
    {
        Description = "The server's token secret.",
        Required = true,
    };

    private static readonly Option<double> TokenDaysOption = new("--days")
    {
        Description = "How many days the token is valid.",
        DefaultValueFactory = _ => 30,
    };

    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("OrleansChat server: a silo and the public gRPC gateway in one process, or with --cluster one member "
            + "of a cluster (--role all|silo|gateway). Prints 'OrleansChat listening on <url>' on stdout when ready "
            + "('OrleansChat silo listening on <url>' for --role silo); logs go to stderr.")
        {
            PortOption,
            WebPortOption,
            ListenOption,
            DataOption,
            HistoryOption,
            AllowUsersOption,
            LogLevelOption,
            MaxMessageBytesOption,
            MessagesPerSecondOption,
            MessageBurstOption,
            KeepAliveOption,
            MaxRoomsOption,
            MaxStreamsOption,
            TokenSecretOption,
            TlsCertOption,
            TlsKeyOption,
            TlsSelfSignedOption,
            AllowInsecureOption,
            RoleOption,
            ClusterOption,
            ClusterIdOption,
            SiloPortOption,
            AdvertiseHostOption,
        };

        ClusterOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && ClusterStore.Parse(text, out var problem) is null)
            {
                result.AddError(problem!);
            }
        });

        ListenOption.Validators.Add(result =>
        {
            if (!IPAddress.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--listen must be an IP address, e.g. 127.0.0.1 or 0.0.0.0.");
            }
        });
        AllowUsersOption.Validators.Add(result =>
        {
            foreach (var user in SplitUsers(result.GetValueOrDefault<string[]>()))
            {
                if (ChatValidation.CheckUserId(user) is { } problem)
                {
                    result.AddError("--allow-users: '" + user + "' is not a valid user id: it " + problem + ".");
                }
            }
        });

        var token = new Command("token", "Prints an access token for a user, signed with the server's --token-secret.")
        {
            TokenUserArgument,
            TokenCommandSecretOption,
            TokenDaysOption,
        };
        TokenUserArgument.Validators.Add(result =>
        {
            if (ChatValidation.CheckUserId(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError("The user id " + problem + ".");
            }
        });
        TokenDaysOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 3650))
            {
                result.AddError("--days must be between 0 and 3650.");
            }
        });
        token.SetAction(parseResult =>
        {
            var issuer = new TokenIssuer(parseResult.GetValue(TokenCommandSecretOption)!);
            Console.Out.WriteLine(issuer.Issue(parseResult.GetValue(TokenUserArgument)!, TimeSpan.FromDays(parseResult.GetValue(TokenDaysOption))));
            return 0;
        });
        root.Subcommands.Add(token);

        root.SetAction(async (parseResult, cancellationToken) =>
        {
            ChatServerOptions options;
            try
            {
                options = ToOptions(parseResult);
            }
            catch (ChatServerConfigurationException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 2;
            }

            return await RunServerAsync(options).ConfigureAwait(false);
        });
        return root;
    }

    /// <summary>Maps a successful parse to the server's options.</summary>
    public static ChatServerOptions ToOptions(ParseResult parseResult)
    {
        var options = new ChatServerOptions
        {
            Port = parseResult.GetValue(PortOption),
            WebPort = parseResult.GetValue(WebPortOption) is var webPort and not 0 ? webPort : null,
            ListenAddress = IPAddress.Parse(parseResult.GetValue(ListenOption)!),
            DataDirectory = parseResult.GetValue(DataOption)!,
            LogLevel = parseResult.GetValue(LogLevelOption),
            TlsCertificatePath = parseResult.GetValue(TlsCertOption)?.FullName,
            TlsKeyPath = parseResult.GetValue(TlsKeyOption)?.FullName,
            TlsSelfSigned = parseResult.GetValue(TlsSelfSignedOption),
            AllowInsecure = parseResult.GetValue(AllowInsecureOption),
            Role = parseResult.GetValue(RoleOption),
            Cluster = ReadCluster(parseResult),
            ClusterId = parseResult.GetValue(ClusterIdOption)!,
            SiloPort = parseResult.GetValue(SiloPortOption),
            AdvertisedHost = parseResult.GetValue(AdvertiseHostOption),
        };
        options.Rooms.HistoryDepth = parseResult.GetValue(HistoryOption);
        options.Gateway.MaxMessageBytes = parseResult.GetValue(MaxMessageBytesOption);
        options.Gateway.MessagesPerSecond = parseResult.GetValue(MessagesPerSecondOption);
        options.Gateway.MessageBurst = parseResult.GetValue(MessageBurstOption)
            ?? Math.Max(1, (int)Math.Ceiling(options.Gateway.MessagesPerSecond * 2));
        options.KeepAliveInterval = TimeSpan.FromSeconds(parseResult.GetValue(KeepAliveOption));
        options.Gateway.MaxRoomsPerConnection = parseResult.GetValue(MaxRoomsOption);
        options.Gateway.MaxStreamsPerConnection = parseResult.GetValue(MaxStreamsOption);
        options.Gateway.AllowUsers = [.. SplitUsers(parseResult.GetValue(AllowUsersOption))];
        options.Gateway.TokenSecret = parseResult.GetValue(TokenSecretOption);
        return options;
    }

    private static ClusterStore? ReadCluster(ParseResult parseResult)
    {
        if (parseResult.GetValue(ClusterOption) is { } flag)
        {
            return ClusterStore.Parse(flag, out _);
        }

        if (Environment.GetEnvironmentVariable(ClusterEnvironmentVariable) is not { Length: > 0 } text)
        {
            return null;
        }

        return ClusterStore.Parse(text, out var problem)
            ?? throw new ChatServerConfigurationException("$" + ClusterEnvironmentVariable + ": " + problem);
    }

    private static IEnumerable<string> SplitUsers(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static async Task<int> RunServerAsync(ChatServerOptions options)
    {
        ChatServer server;
        try
        {
            server = await ChatServer.StartAsync(options).ConfigureAwait(false);
        }
        catch (ChatServerConfigurationException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return 2;
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, exception.Failures)).ConfigureAwait(false);
            return 2;
        }
        catch (IOException exception)
        {
            var clientPorts = options.Port.ToString(CultureInfo.InvariantCulture)
                + (options.WebPort is { } webPort ? " (clients) or " + webPort.ToString(CultureInfo.InvariantCulture) + " (--web-port; 0 turns it off)" : string.Empty);
            var ports = options.Cluster is not null && options.HostsGrains
                ? (options.ServesClients ? clientPorts + (options.WebPort is null ? " (clients)" : string.Empty) + " or " : string.Empty)
                    + options.SiloPort.ToString(CultureInfo.InvariantCulture) + " (--silo-port)"
                : clientPorts;
            await Console.Error.WriteLineAsync("Cannot listen on " + options.ListenAddress + ":" + ports + ": " + exception.Message).ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            if (server.WebAddress is { } webAddress)
            {
                await Console.Out.WriteLineAsync("OrleansChat for browsers (gRPC-Web) on " + webAddress).ConfigureAwait(false);
            }

            await Console.Out.WriteLineAsync(server.ReadyLine).ConfigureAwait(false);
            await Console.Out.FlushAsync().ConfigureAwait(false);
            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
