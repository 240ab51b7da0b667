using Grpc.Core;

namespace OrleansChat.Gateway.Auth;

/// <summary>The outcome of identifying a caller: a user id, or the status that refuses the call.</summary>
internal readonly record struct CallerIdentity(string UserId, Status? Refusal, string Field)
{
    public static CallerIdentity Accepted(string userId) => new(userId, null, string.Empty);

    public static CallerIdentity Refused(StatusCode code, string message, string field = "") => new(string.Empty, new Status(code, message), field);

    /// <summary>Refusals that end the stream (the caller is not who they claim, or not allowed).</summary>
    public bool IsFatal => Refusal is { StatusCode: StatusCode.PermissionDenied or StatusCode.Unauthenticated };
}
