using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Gateway.Auth;
using OrleansChat.Gateway.Limits;
using OrleansChat.Gateway.Rooms;
using OrleansChat.Grains;
using OrleansChat.Runtime;

namespace OrleansChat.Gateway;

/// <summary>What the gateway's services and sessions share: grains, the room hub, identity, limits, options.</summary>
internal sealed class GatewayContext
{
    public GatewayContext(
        IGrainFactory grains,
        RoomHub hub,
        IdentityResolver identity,
        UserRateLimiter rateLimiter,
        ConnectionStreamLimiter streamLimiter,
        GatewayIdentity gateway,
        IOptions<GatewayOptions> options,
        IOptions<RoomOptions> roomOptions,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        Grains = grains;
        Hub = hub;
        Identity = identity;
        RateLimiter = rateLimiter;
        TypingLimiter = new UserRateLimiter(TypingLimits.Burst, TypingLimits.PerSecond, time);
        StreamLimiter = streamLimiter;
        Gateway = gateway;
        Options = options.Value;
        RoomOptions = roomOptions.Value;
        ShutdownToken = lifetime.ApplicationStopping;
        Time = time;
        SessionLogger = loggerFactory.CreateLogger("OrleansChat.Gateway.Sessions");
    }

    public IGrainFactory Grains { get; }

    public RoomHub Hub { get; }

    public IdentityResolver Identity { get; }

    public UserRateLimiter RateLimiter { get; }

    /// <summary>Typing notices per user sent with SetTyping (a stream has its own bucket).</summary>
    public UserRateLimiter TypingLimiter { get; }

    public ConnectionStreamLimiter StreamLimiter { get; }

    public GatewayIdentity Gateway { get; }

    public GatewayOptions Options { get; }

    public RoomOptions RoomOptions { get; }

    /// <summary>Cancelled when the host starts stopping: every session ends (UNAVAILABLE) and leaves its rooms.</summary>
    public CancellationToken ShutdownToken { get; }

    public TimeProvider Time { get; }

    public ILogger SessionLogger { get; }

    public IRoomGrain Room(string roomId) => Grains.GetGrain<IRoomGrain>(roomId);

    public IUserGrain User(string userId) => Grains.GetGrain<IUserGrain>(userId);
}
