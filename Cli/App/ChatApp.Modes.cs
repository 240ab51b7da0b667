using OrleansChat.Cli.Input;
using OrleansChat.Cli.Output;

namespace OrleansChat.Cli.App;

/// <summary>The three ways the CLI runs.</summary>
internal sealed partial class ChatApp
{
    /// <summary>How long /quit waits for messages still on their way before giving up on them.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(3);

    /// <summary>A terminal: line editor, prompt, colours; ends with /quit, Ctrl-D or Ctrl-C on an empty line.</summary>
    private async Task<int> RunInteractiveAsync(CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(new NoticeEvent("type a message and press Enter; /help lists the commands"), cancellationToken).ConfigureAwait(false);
        // With --json or a redirected stdout there is no prompt line to draw: the terminal's own line input echoes.
        ILineSource lines = _terminal ? new TerminalLineSource(_console.Keys(), _writer) : new TextLineSource(_console.In);
        await ReadCommandsAsync(lines, cancellationToken).ConfigureAwait(false);
        await _writer.HidePromptAsync(cancellationToken).ConfigureAwait(false);

        if (_session.PendingCount > 0)
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(QuitGrace);
            try
            {
                await _session.WaitAllAcknowledgedAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await _writer.WriteAsync(new ErrorNoticeEvent($"{_session.PendingCount} message(s) were not acknowledged and are dropped"), cancellationToken).ConfigureAwait(false);
            }
        }

        await _writer.WriteAsync(new NoticeEvent("bye", "bye"), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Lines from a redirected stdin, in order (a line starting with / is a command). Exits 0 when the
    /// input ends and every message is acknowledged within the timeout; non-zero otherwise, with a line on stderr.</summary>
    private async Task<int> RunPipedAsync(CancellationToken cancellationToken)
    {
        await ReadCommandsAsync(new TextLineSource(_console.In), cancellationToken).ConfigureAwait(false);
        return await WaitForAcksAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>--message</c>: one message, exit 0 only when the server acknowledged it.</summary>
    private async Task<int> RunOneShotAsync(string message, CancellationToken cancellationToken)
    {
        if (message.Trim().Length == 0)
        {
            await _writer.WriteErrorLineAsync("error: --message is empty", cancellationToken).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await _session.SendAsync(_options.Room, message, cancellationToken).ConfigureAwait(false);
        return await WaitForAcksAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> WaitForAcksAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AckTimeout);
        try
        {
            await _session.WaitAllAcknowledgedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var state = _session.IsConnected ? "connected" : "not connected";
            await _writer.WriteErrorLineAsync(
                $"error: {_session.PendingCount} message(s) not acknowledged by {_address} within {_options.AckTimeout.TotalSeconds:0.#} s ({state})",
                cancellationToken).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (_session.RefusedSends > 0)
        {
            await _writer.WriteErrorLineAsync($"error: the server refused {_session.RefusedSends} message(s)", cancellationToken).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
