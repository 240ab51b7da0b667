using System.Security.Cryptography;
using OrleansChat.Cli.Commands;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Input;
using OrleansChat.Cli.Output;
using OrleansChat.Cli.Session;

namespace OrleansChat.Cli.App;

/// <summary>The program: connects, joins the first room, then runs one of three modes — interactive (a terminal
/// with a line editor), piped (lines from a redirected stdin, exit when all are acknowledged) or one-shot
/// (<c>--message</c>).</summary>
internal sealed partial class ChatApp : IAsyncDisposable
{
    private readonly CliOptions _options;
    private readonly AppConsole _console;
    private readonly ServerAddress _address;
    private readonly IChatTransport _transport;
    private readonly ConsoleWriter _writer;
    private readonly ChatView _view;
    private readonly ChatSession _session;
    private readonly CommandRunner _runner;
    private readonly bool _interactive;
    private readonly bool _terminal;

    private ChatApp(CliOptions options, AppConsole console, ServerAddress address, IChatTransport transport, ReconnectBackoff? backoff)
    {
        _options = options;
        _console = console;
        _address = address;
        _transport = transport;
        _interactive = options.Message is null && !console.IsInputRedirected;
        var terminal = _terminal = _interactive && !options.Json && !console.IsOutputRedirected;
        _view = new ChatView();
        IEventFormatter formatter = options.Json ? new JsonEventFormatter() : new TextEventFormatter(new Ansi(terminal && !console.NoColor), _view);
        _writer = new ConsoleWriter(
            console.Out,
            console.Error,
            formatter,
            terminal ? new TerminalScreen(console.Out, console.Columns) : null,
            options.Message is null ? null : ShownInOneShotMode);
        _session = new ChatSession(transport, address, new SessionIdentity(options.User, options.DisplayName, options.Avatar, options.Token), _writer, backoff)
        {
            HistoryLimit = options.HistoryLimit,
        };
        _runner = new CommandRunner(_session, transport, _view, _writer);
    }

    /// <summary>Runs the CLI on the real console over gRPC.</summary>
    public static Task<int> RunAsync(CliOptions options, CancellationToken cancellationToken)
        => RunAsync(options, AppConsole.System(), (address, credentials) => GrpcChatTransport.Create(address, credentials, options.CaFile), backoff: null, cancellationToken);

    public static async Task<int> RunAsync(
        CliOptions options,
        AppConsole console,
        Func<ServerAddress, ChatCredentials, IChatTransport> transportFactory,
        ReconnectBackoff? backoff,
        CancellationToken cancellationToken)
    {
        if (!ServerAddress.TryParse(options.Server, options.Tls || options.CaFile is not null, out var address, out var addressError))
        {
            await console.Error.WriteLineAsync("error: " + addressError).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        IChatTransport transport;
        try
        {
            transport = transportFactory(address, new ChatCredentials(options.User, options.Token));
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error: cannot use the CA file '{options.CaFile}': {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using var app = new ChatApp(options, console, address, transport, backoff);
        try
        {
            return await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await app._writer.WriteErrorLineAsync("interrupted", CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
        {
            // A bug, not a user error: one line, no stack trace.
            await app._writer.WriteErrorLineAsync($"error: unexpected {exception.GetType().Name}: {exception.Message}", CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _session.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SessionException exception)
        {
            await _writer.WriteErrorLineAsync("error: " + exception.Message, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var join = await _session.JoinAsync(_options.Room, cancellationToken).ConfigureAwait(false);
        if (join.Status == JoinStatus.Refused)
        {
            await _writer.WriteErrorLineAsync($"error: cannot join #{_options.Room}: {join.Error!.Message} ({StatusNames.Of(join.Error.Code)})", cancellationToken).ConfigureAwait(false);
            await _session.StopAsync().ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        _view.CurrentRoom = _options.Room;

        // Input stops when the session ends for good (e.g. the server refuses a reconnect).
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = _session.Ended.ContinueWith(
            task =>
            {
                if (task.Result is not null)
                {
                    ended.Cancel();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        int exitCode;
        try
        {
            exitCode = _options.Message is { } message
                ? await RunOneShotAsync(message, ended.Token).ConfigureAwait(false)
                : _interactive
                    ? await RunInteractiveAsync(ended.Token).ConfigureAwait(false)
                    : await RunPipedAsync(ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The session ended for good; its reason is already shown.
            exitCode = ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _writer.WriteErrorLineAsync("interrupted", CancellationToken.None).ConfigureAwait(false);
            exitCode = ExitCodes.Interrupted;
        }

        if (_session.Ended is { IsCompleted: true, Result: { } reason } && exitCode == ExitCodes.Success)
        {
            await _writer.WriteErrorLineAsync("error: " + reason, CancellationToken.None).ConfigureAwait(false);
            exitCode = ExitCodes.Failure;
        }

        await _session.StopAsync().ConfigureAwait(false);
        return exitCode;
    }

    private static bool ShownInOneShotMode(OutputEvent outputEvent)
        => outputEvent is MessageAckedEvent or ServerErrorEvent or ErrorNoticeEvent;

    private string Prompt => _view.CurrentRoom is { } room ? $"#{room}> " : "> ";

    /// <summary>Runs lines until the input ends or /quit; false when the user quit.</summary>
    private async Task ReadCommandsAsync(ILineSource lines, CancellationToken cancellationToken)
    {
        while (await lines.ReadLineAsync(Prompt, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!await _runner.RunAsync(CommandParser.Parse(line), lines, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
