namespace OrleansChat.Runtime.Streams;

/// <summary>
/// The position of an item in a stream. Every published item gets a per-stream, strictly increasing
/// sequence number; subscribing from a token delivers the item at that token and everything after it.
/// </summary>
/// <param name="SequenceNumber">The sequence number (first item: 1, unless the publisher supplies tokens).</param>
public sealed record StreamSequenceToken(long SequenceNumber) : IComparable<StreamSequenceToken>
{
    /// <inheritdoc />
    public int CompareTo(StreamSequenceToken? other) => other is null ? 1 : SequenceNumber.CompareTo(other.SequenceNumber);

    /// <summary>Whether <paramref name="left"/> is before <paramref name="right"/>.</summary>
    public static bool operator <(StreamSequenceToken left, StreamSequenceToken right) => Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> is after <paramref name="right"/>.</summary>
    public static bool operator >(StreamSequenceToken left, StreamSequenceToken right) => Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> is at or before <paramref name="right"/>.</summary>
    public static bool operator <=(StreamSequenceToken left, StreamSequenceToken right) => Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> is at or after <paramref name="right"/>.</summary>
    public static bool operator >=(StreamSequenceToken left, StreamSequenceToken right) => Compare(left, right) >= 0;

    /// <summary>The token right after this one.</summary>
    public StreamSequenceToken Next() => new(SequenceNumber + 1);

    /// <inheritdoc />
    public override string ToString() => SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Compare(StreamSequenceToken? left, StreamSequenceToken? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
