using Microsoft.Extensions.Options;
using OrleansChat.Grains.Validation;

namespace OrleansChat.Gateway;

/// <summary>Fails start-up with a message naming each bad <see cref="GatewayOptions"/> value.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        List<string> failures = [];
        if (options.MaxMessageBytes is < 1 or > 1024 * 1024)
        {
            failures.Add("GatewayOptions.MaxMessageBytes (--max-message-bytes) must be between 1 and 1048576; it is " + options.MaxMessageBytes + ".");
        }

        if (options.MaxRoomsPerConnection < 1)
        {
            failures.Add("GatewayOptions.MaxRoomsPerConnection must be at least 1; it is " + options.MaxRoomsPerConnection + ".");
        }

        if (options.MaxStreamsPerConnection < 1)
        {
            failures.Add("GatewayOptions.MaxStreamsPerConnection must be at least 1; it is " + options.MaxStreamsPerConnection + ".");
        }

        if (options.StreamResumeTimeout <= TimeSpan.Zero)
        {
            failures.Add("GatewayOptions.StreamResumeTimeout must be positive; it is " + options.StreamResumeTimeout + ".");
        }

        if (options.SubscribeHeartbeatInterval < TimeSpan.FromMilliseconds(1) || options.SubscribeHeartbeatInterval > TimeSpan.FromHours(1))
        {
            failures.Add("GatewayOptions.SubscribeHeartbeatInterval must be between 1 ms and 1 hour; it is " + options.SubscribeHeartbeatInterval + ".");
        }

        if (options.StreamCloseTimeout <= TimeSpan.Zero)
        {
            failures.Add("GatewayOptions.StreamCloseTimeout must be positive; it is " + options.StreamCloseTimeout + ".");
        }

        if (options.SessionQueueCapacity < 4)
        {
            failures.Add("GatewayOptions.SessionQueueCapacity must be at least 4; it is " + options.SessionQueueCapacity + ".");
        }

        if (!(options.MessagesPerSecond > 0) || double.IsInfinity(options.MessagesPerSecond))
        {
            failures.Add("GatewayOptions.MessagesPerSecond must be a positive number; it is " + options.MessagesPerSecond + ".");
        }

        if (options.MessageBurst < 1)
        {
            failures.Add("GatewayOptions.MessageBurst must be at least 1; it is " + options.MessageBurst + ".");
        }

        if (options.MaxBatchMessages < 1)
        {
            failures.Add("GatewayOptions.MaxBatchMessages must be at least 1; it is " + options.MaxBatchMessages + ".");
        }

        foreach (var user in options.AllowUsers)
        {
            if (ChatValidation.CheckUserId(user) is { } problem)
            {
                failures.Add("GatewayOptions.AllowUsers (--allow-users) entry '" + user + "' is not a valid user id: it " + problem + ".");
            }
        }

        if (options.TokenSecret is { Length: 0 })
        {
            failures.Add("GatewayOptions.TokenSecret (--token-secret) must not be empty when set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
