using System.Threading.Channels;

namespace OrleansChat.Cli.Input;

/// <summary>Reads keys with <c>Console.ReadKey(intercept: true)</c> (raw mode: nothing echoed) on a background
/// thread of its own, because ReadKey blocks, and hands them over through a small bounded channel.</summary>
internal sealed class ConsoleKeySource : IKeySource
{
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateBounded<ConsoleKeyInfo>(new BoundedChannelOptions(256)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ConsoleKeySource()
    {
        // Ctrl-C arrives as a key (drop the line / quit) instead of killing the process mid-draw.
        Console.TreatControlCAsInput = true;
        var thread = new Thread(ReadKeys) { IsBackground = true, Name = "console keys" };
        thread.Start();
    }

    public async ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken)
        => await _keys.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _keys.Reader.TryRead(out var key) ? key : null;

    private void ReadKeys()
    {
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                while (!_keys.Writer.TryWrite(key))
                {
                    if (!_keys.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            // The terminal went away.
            _keys.Writer.TryComplete();
        }
    }
}
