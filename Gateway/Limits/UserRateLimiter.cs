using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OrleansChat.Gateway.Limits;

/// <summary>
/// A rate limit per user on this gateway (messages, or typing notices sent without a stream), shared by all of the
/// user's calls. Buckets of idle users (full again) are forgotten once many users are tracked, so the table stays
/// bounded by the active users.
/// </summary>
internal sealed class UserRateLimiter
{
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly int _burst;
    private readonly double _perSecond;
    private readonly TimeProvider _time;

    /// <summary>The message limit: <see cref="GatewayOptions.MessageBurst"/>, <see cref="GatewayOptions.MessagesPerSecond"/>.</summary>
    public UserRateLimiter(IOptions<GatewayOptions> options, TimeProvider time)
        : this(options.Value.MessageBurst, options.Value.MessagesPerSecond, time)
    {
    }

    public UserRateLimiter(int burst, double perSecond, TimeProvider time)
    {
        _burst = burst;
        _perSecond = perSecond;
        _time = time;
    }

    /// <summary>Takes a message token for the user; false when they are over the limit.</summary>
    public bool TryAcquire(string userId) => Bucket(userId).TryTake();

    /// <summary>Waits until the user may send another message (for bulk sends, where waiting is backpressure).</summary>
    public async Task AcquireAsync(string userId, CancellationToken cancellationToken)
    {
        var bucket = Bucket(userId);
        while (!bucket.TryTake(out var retryAfter))
        {
            await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TokenBucket Bucket(string userId)
    {
        if (_buckets.TryGetValue(userId, out var bucket))
        {
            return bucket;
        }

        if (_buckets.Count >= SweepThreshold)
        {
            foreach (var (key, candidate) in _buckets)
            {
                if (candidate.IsFull)
                {
                    _buckets.TryRemove(new KeyValuePair<string, TokenBucket>(key, candidate));
                }
            }
        }

        return _buckets.GetOrAdd(userId, _ => new TokenBucket(_burst, _perSecond, _time));
    }
}
