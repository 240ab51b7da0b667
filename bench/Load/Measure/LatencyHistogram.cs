namespace OrleansChat.Bench.Load.Measure;

/// <summary>
/// A fixed-size, lock-free latency histogram in the manner of HdrHistogram: values (microseconds) below 128
/// have a bucket each; above, every power of two is split into 64 linear sub-buckets, so any recorded value
/// is known to within 1/64 (1.6 %). Memory is constant (2 176 counters) whatever the number of samples.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearLimit = 128;
    private const int SubBucketBits = 6;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int MaxExponent = 32;
    private const int BucketCount = LinearLimit + (MaxExponent * SubBucketCount);

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _maxMicros;

    public long Count => Volatile.Read(ref _total);

    public double MaxMilliseconds => Volatile.Read(ref _maxMicros) / 1000.0;

    public void RecordMicroseconds(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Volatile.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of samples fall, in milliseconds
    /// (the upper edge of its bucket, never above the largest sample); 0 when nothing was recorded.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdgeOf(i), Volatile.Read(ref _maxMicros)) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    public LatencySummary Summarize() => new(
        Count,
        PercentileMilliseconds(50),
        PercentileMilliseconds(99),
        PercentileMilliseconds(99.9),
        MaxMilliseconds);

    internal static int IndexOf(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        // For micros in [2^k, 2^(k+1)), k >= 7: shift so that the top 7 bits remain (64..127).
        var exponent = 63 - (int)long.LeadingZeroCount(micros) - SubBucketBits;
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        var sub = (int)(micros >> exponent) - SubBucketCount;
        return LinearLimit + ((exponent - 1) * SubBucketCount) + sub;
    }

    internal static long UpperEdgeOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var exponent = ((index - LinearLimit) / SubBucketCount) + 1;
        var sub = ((index - LinearLimit) % SubBucketCount) + SubBucketCount;
        return ((long)(sub + 1) << exponent) - 1;
    }
}
