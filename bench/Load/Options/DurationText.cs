using System.Globalization;

namespace OrleansChat.Bench.Load.Options;

/// <summary>Writes a duration the way the flags take it: <c>8s</c>, <c>500ms</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan duration) => duration.TotalSeconds >= 1
        ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
}
