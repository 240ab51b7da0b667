using System.CommandLine;
using System.CommandLine.Parsing;
using OrleansChat.Cli.Connection;

namespace OrleansChat.Cli;

/// <summary>The command line: <c>&lt;username&gt; [room] [server]</c> (the seed's positional arguments) plus flags.</summary>
internal sealed class CliCommandLine
{
    private readonly Argument<string> UserArgument = new("username")
    {
        Description = "Your user id (1-128 letters, digits, '-', '_', '.', '@', '+').",
    };

    private readonly Argument<string?> RoomArgument = new("room")
    {
        Description = $"The room to join first [default: {CliOptions.DefaultRoom}].",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Argument<string?> ServerArgument = new("server")
    {
        Description = $"host:port, http://host:port or https://host:port [default: {CliOptions.DefaultServer}].",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> ServerOption = new("--server", "-s")
    {
        Description = "The server address; overrides the positional one.",
    };

    private readonly Option<string?> RoomOption = new("--room", "-r")
    {
        Description = "The room to join first; overrides the positional one.",
    };

    private readonly Option<string?> DisplayNameOption = new("--display-name")
    {
        Description = "The name shown next to your messages (default: your user id).",
    };

    private readonly Option<string?> AvatarOption = new("--avatar")
    {
        Description = "One emoji, or an http(s) URL of an image.",
    };

    private readonly Option<string?> TokenOption = new("--token")
    {
        Description = "An access token, when the server requires one.",
    };

    private readonly Option<bool> TlsOption = new("--tls")
    {
        Description = "Connect with TLS (https).",
    };

    private readonly Option<FileInfo?> CaOption = new("--ca")
    {
        Description = "A PEM file with the CA certificate to trust for the server (implies --tls).",
    };

    private readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print one JSON object per event, for scripts.",
    };

    private readonly Option<string?> MessageOption = new("--message", "-m")
    {
        Description = "Send this one message, wait until the server acknowledges it, and exit.",
    };

    private readonly Option<double> TimeoutOption = new("--timeout")
    {
        Description = "Seconds to wait for outstanding acknowledgements before exiting with an error.",
        DefaultValueFactory = _ => 15,
    };

    private readonly Option<uint> HistoryOption = new("--history")
    {
        Description = "How many recent messages to show on join (0 = the server's default).",
    };

    /// <summary>Builds the root command; <paramref name="run"/> gets the validated options.</summary>
    public CliCommandLine(Func<CliOptions, CancellationToken, Task<int>> run)
    {
        Root = new RootCommand("OrleansChat terminal client: chat in rooms from a terminal or a script.")
        {
            UserArgument,
            RoomArgument,
            ServerArgument,
            ServerOption,
            RoomOption,
            DisplayNameOption,
            AvatarOption,
            TokenOption,
            TlsOption,
            CaOption,
            JsonOption,
            MessageOption,
            TimeoutOption,
            HistoryOption,
        };

        UserArgument.Validators.Add(result => Validate(result, result.GetValueOrDefault<string>(), Identifiers.ValidateUserId));
        RoomArgument.Validators.Add(result => Validate(result, result.GetValueOrDefault<string?>(), Identifiers.ValidateRoomId));
        RoomOption.Validators.Add(result => Validate(result, result.GetValueOrDefault<string?>(), Identifiers.ValidateRoomId));
        ServerArgument.Validators.Add(result => Validate(result, result.GetValueOrDefault<string?>(), ValidateServer));
        ServerOption.Validators.Add(result => Validate(result, result.GetValueOrDefault<string?>(), ValidateServer));
        TimeoutOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 3600))
            {
                result.AddError("--timeout must be between 0 and 3600 seconds.");
            }
        });

        Root.SetAction((parseResult, cancellationToken) => run(ToOptions(parseResult), cancellationToken));
    }

    public RootCommand Root { get; }

    /// <summary>Maps a successful parse to options: flag, then positional argument, then default.</summary>
    public CliOptions ToOptions(ParseResult parseResult)
    {
        var room = parseResult.GetValue(RoomOption) ?? parseResult.GetValue(RoomArgument) ?? CliOptions.DefaultRoom;
        return new CliOptions
        {
            User = parseResult.GetValue(UserArgument)!,
            Room = Identifiers.NormalizeRoomId(room),
            Server = parseResult.GetValue(ServerOption) ?? parseResult.GetValue(ServerArgument) ?? CliOptions.DefaultServer,
            DisplayName = parseResult.GetValue(DisplayNameOption),
            Avatar = parseResult.GetValue(AvatarOption),
            Token = parseResult.GetValue(TokenOption),
            Tls = parseResult.GetValue(TlsOption),
            CaFile = parseResult.GetValue(CaOption)?.FullName,
            Json = parseResult.GetValue(JsonOption),
            Message = parseResult.GetValue(MessageOption),
            AckTimeout = TimeSpan.FromSeconds(parseResult.GetValue(TimeoutOption)),
            HistoryLimit = parseResult.GetValue(HistoryOption),
        };
    }

    private static string? ValidateServer(string value)
        => ServerAddress.TryParse(value, useTls: false, out _, out var error) ? null : error;

    private static void Validate(SymbolResult result, string? value, Func<string, string?> validate)
    {
        if (value is not null && validate(value) is { } error)
        {
            result.AddError(error);
        }
    }
}
