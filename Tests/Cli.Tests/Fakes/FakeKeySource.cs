using System.Threading.Channels;
using OrleansChat.Cli.Input;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>Keys typed by the test.</summary>
internal sealed class FakeKeySource : IKeySource
{
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateUnbounded<ConsoleKeyInfo>();

    public static ConsoleKeyInfo Key(char c) => new(c, c switch
    {
        >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
        >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
        ' ' => ConsoleKey.Spacebar,
        _ => 0,
    }, char.IsUpper(c), false, false);

    public static ConsoleKeyInfo Special(ConsoleKey key) => new('\0', key, false, false, false);

    public static ConsoleKeyInfo Control(char letter) => new((char)(char.ToUpperInvariant(letter) - '@'), ConsoleKey.A + (char.ToUpperInvariant(letter) - 'A'), false, false, true);

    public static ConsoleKeyInfo Enter => new('\r', ConsoleKey.Enter, false, false, false);

    public void Type(string text)
    {
        foreach (var c in text)
        {
            _keys.Writer.TryWrite(Key(c));
        }
    }

    public void Press(ConsoleKeyInfo key) => _keys.Writer.TryWrite(key);

    public async ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken)
        => await _keys.Reader.WaitToReadAsync(cancellationToken) && _keys.Reader.TryRead(out var key) ? key : null;
}
