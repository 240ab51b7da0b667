using System.Threading.Channels;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Input;

namespace OrleansChat.Cli.Output;

/// <summary>The one writer of the console. Everything shown — events, notices, prompt redraws — is queued
/// on a bounded channel and printed by a single loop, so no two threads ever write the console.</summary>
internal sealed class ConsoleWriter : IOutputSink, IAsyncDisposable
{
    public const int Capacity = 1024;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly IEventFormatter _formatter;
    private readonly TerminalScreen? _screen;
    private readonly Func<OutputEvent, bool> _filter;
    private readonly Channel<Operation> _operations = Channel.CreateBounded<Operation>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _loop;

    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error, for error lines when not on a terminal.</param>
    /// <param name="formatter">Text or JSON.</param>
    /// <param name="screen">The terminal with a prompt line, or null when output is not an interactive terminal.</param>
    /// <param name="filter">Which events to show (all when null).</param>
    public ConsoleWriter(TextWriter stdout, TextWriter stderr, IEventFormatter formatter, TerminalScreen? screen, Func<OutputEvent, bool>? filter = null)
    {
        _stdout = stdout;
        _stderr = stderr;
        _formatter = formatter;
        _screen = screen;
        _filter = filter ?? (_ => true);
        _loop = Task.Run(DrainAsync);
    }

    public ValueTask WriteAsync(OutputEvent outputEvent, CancellationToken cancellationToken = default)
        => Enqueue(new EventOperation(outputEvent), cancellationToken);

    /// <summary>Shows (or redraws) the prompt line with what is typed so far; ignored when not on a terminal.</summary>
    public ValueTask ShowPromptAsync(PromptState prompt, CancellationToken cancellationToken = default)
        => _screen is null ? ValueTask.CompletedTask : Enqueue(new PromptOperation(prompt), cancellationToken);

    public ValueTask HidePromptAsync(CancellationToken cancellationToken = default)
        => _screen is null ? ValueTask.CompletedTask : Enqueue(new PromptOperation(null), cancellationToken);

    /// <summary>A plain line for standard error (or above the prompt on a terminal), whatever the format:
    /// the one line that explains a failed exit.</summary>
    public ValueTask WriteErrorLineAsync(string text, CancellationToken cancellationToken = default)
        => Enqueue(new ErrorLineOperation(text), cancellationToken);

    /// <summary>Prints everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Enqueue(new FlushOperation(flushed), cancellationToken).ConfigureAwait(false);
        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _operations.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private ValueTask Enqueue(Operation operation, CancellationToken cancellationToken)
        => _operations.Writer.TryWrite(operation) ? ValueTask.CompletedTask : WriteSlowAsync(operation, cancellationToken);

    private async ValueTask WriteSlowAsync(Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            await _operations.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Output is closed: the program is exiting.
        }
    }

    private async Task DrainAsync()
    {
        var lines = new List<OutputLine>();
        await foreach (var operation in _operations.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Apply(operation, lines);
            }
            catch (IOException)
            {
                // The terminal or pipe went away (e.g. the reader of our stdout exited): nothing more can be shown.
            }
            catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
            {
                // A formatting bug must not stop the output loop (everything else would block behind it): say so and go on.
                await _stderr.WriteLineAsync($"!!! internal error while printing {operation.GetType().Name}: {exception.GetType().Name}: {exception.Message}").ConfigureAwait(false);
            }
        }

        _screen?.HidePrompt();
        await _stdout.FlushAsync().ConfigureAwait(false);
        await _stderr.FlushAsync().ConfigureAwait(false);
    }

    private void Apply(Operation operation, List<OutputLine> lines)
    {
        switch (operation)
        {
            case EventOperation { Event: var outputEvent }:
                if (!_filter(outputEvent))
                {
                    return;
                }

                lines.Clear();
                _formatter.Format(outputEvent, lines);
                Print(lines);
                break;
            case PromptOperation { Prompt: { } prompt }:
                _screen?.ShowPrompt(prompt);
                break;
            case PromptOperation:
                _screen?.HidePrompt();
                break;
            case ErrorLineOperation { Text: var text }:
                if (_screen is not null)
                {
                    _screen.PrintLines([new OutputLine(text)]);
                }
                else
                {
                    _stderr.WriteLine(text);
                    _stderr.Flush();
                }

                break;
            case FlushOperation { Done: var done }:
                _stdout.Flush();
                _stderr.Flush();
                done.TrySetResult();
                break;
        }
    }

    private void Print(List<OutputLine> lines)
    {
        if (_screen is not null)
        {
            _screen.PrintLines(lines);
            return;
        }

        var wroteOut = false;
        foreach (var line in lines)
        {
            var target = line.IsError ? _stderr : _stdout;
            target.WriteLine(line.Text);
            wroteOut |= !line.IsError;
            if (line.IsError)
            {
                _stderr.Flush();
            }
        }

        if (wroteOut)
        {
            _stdout.Flush();
        }
    }

    private abstract record Operation;

    private sealed record EventOperation(OutputEvent Event) : Operation;

    private sealed record PromptOperation(PromptState? Prompt) : Operation;

    private sealed record ErrorLineOperation(string Text) : Operation;

    private sealed record FlushOperation(TaskCompletionSource Done) : Operation;
}
