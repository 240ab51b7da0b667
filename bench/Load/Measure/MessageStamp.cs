using System.Buffers.Text;
using System.Text;

namespace OrleansChat.Bench.Load.Measure;

/// <summary>
/// What a benchmark message carries in its text so a receiver can time it: <c>t=&lt;send timestamp&gt;;p=&lt;phase&gt;;i=&lt;index&gt;;</c>
/// then padding. Senders and receivers live in this process, so <see cref="System.Diagnostics.Stopwatch"/>
/// timestamps compare directly. The timestamp is the <em>intended</em> send time, so a sender that falls behind
/// its schedule shows up as latency instead of hiding it (no coordinated omission).
/// </summary>
internal readonly record struct MessageStamp(long SendTimestamp, int Phase, long Index)
{
    private static ReadOnlySpan<byte> TimePrefix => "t="u8;

    private static ReadOnlySpan<byte> PhasePrefix => "p="u8;

    private static ReadOnlySpan<byte> IndexPrefix => "i="u8;

    public string Format(int textBytes)
    {
        var head = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"t={SendTimestamp};p={Phase};i={Index};");
        return head.Length >= textBytes ? head : head + new string('x', textBytes - head.Length);
    }

    /// <summary>Reads a stamp from the UTF-8 text of an event; false for any text this benchmark did not send.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out MessageStamp stamp)
    {
        stamp = default;
        if (!TryReadField(ref utf8, TimePrefix, out var timestamp)
            || !TryReadField(ref utf8, PhasePrefix, out var phase)
            || !TryReadField(ref utf8, IndexPrefix, out var index)
            || phase is < 0 or > int.MaxValue)
        {
            return false;
        }

        stamp = new MessageStamp(timestamp, (int)phase, index);
        return true;
    }

    public static bool TryParse(string text, out MessageStamp stamp)
        => TryParse(Encoding.UTF8.GetBytes(text), out stamp);

    private static bool TryReadField(ref ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> prefix, out long value)
    {
        value = 0;
        if (!utf8.StartsWith(prefix))
        {
            return false;
        }

        utf8 = utf8[prefix.Length..];
        if (!Utf8Parser.TryParse(utf8, out value, out var consumed) || consumed >= utf8.Length || utf8[consumed] != (byte)';')
        {
            return false;
        }

        utf8 = utf8[(consumed + 1)..];
        return true;
    }
}
