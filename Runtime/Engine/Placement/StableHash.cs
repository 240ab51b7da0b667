using System.Text;

namespace OrleansChat.Runtime.Placement;

/// <summary>
/// A 64-bit hash that is the same in every process and every run (unlike <see cref="string.GetHashCode()"/>):
/// FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so nearby inputs spread over the whole range.
/// Placement depends on every silo and client computing the same value.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The hash of <paramref name="text"/>.</summary>
    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = FnvOffset;
        Span<byte> buffer = stackalloc byte[256];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = maxBytes <= buffer.Length ? buffer : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return Mix(hash);
    }

    /// <summary>Combines two hashes into a well-spread third (rendezvous weights).</summary>
    public static ulong Combine(ulong first, ulong second) => Mix(first ^ (second * 0x9E3779B97F4A7C15UL));

    /// <summary>SplitMix64's finalizer.</summary>
    private static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xBF58476D1CE4E5B9UL;
        value ^= value >> 27;
        value *= 0x94D049BB133111EBUL;
        value ^= value >> 31;
        return value;
    }
}
