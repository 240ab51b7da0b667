namespace OrleansChat.Cli.Input;

/// <summary>Lines from a redirected standard input (or any reader): no prompt, no editing.</summary>
internal sealed class TextLineSource(TextReader reader) : ILineSource
{
    public async ValueTask<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
        => await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
}
