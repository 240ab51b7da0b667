using System.Threading.Channels;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>A stdin stand-in the test feeds line by line while the app runs; <see cref="End"/> is end of input.</summary>
internal sealed class ChannelTextReader : TextReader
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public void Feed(params string[] lines)
    {
        foreach (var line in lines)
        {
            _lines.Writer.TryWrite(line);
        }
    }

    public void End() => _lines.Writer.TryComplete();

    public override string? ReadLine() => ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        => await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;
}
