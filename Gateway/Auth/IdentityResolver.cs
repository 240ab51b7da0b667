using Microsoft.Extensions.Options;
using OrleansChat.Grains.Validation;
using Grpc.Core;

namespace OrleansChat.Gateway.Auth;

/// <summary>
/// Decides who a caller is. With a token secret, only a valid token counts (from Hello.token or
/// <c>authorization: Bearer</c>); otherwise the claimed user id (Hello.user_id or <c>x-user-id</c>). With an
/// allow-list, anyone not on it is refused with PERMISSION_DENIED.
/// </summary>
internal sealed class IdentityResolver
{
    public const string UserIdHeader = "x-user-id";
    public const string AuthorizationHeader = "authorization";
    private const string BearerPrefix = "Bearer ";

    private readonly TokenIssuer? _tokens;
    private readonly HashSet<string> _allowed;

    public IdentityResolver(IOptions<GatewayOptions> options, TimeProvider timeProvider)
    {
        var value = options.Value;
        _tokens = string.IsNullOrEmpty(value.TokenSecret) ? null : new TokenIssuer(value.TokenSecret, timeProvider);
        _allowed = new HashSet<string>(value.AllowUsers, StringComparer.Ordinal);
    }

    /// <summary>Identifies a Connect session from its Hello (and the call's metadata).</summary>
    public CallerIdentity Resolve(string claimedUserId, string token, Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (string.IsNullOrEmpty(token))
        {
            token = BearerToken(headers);
        }

        if (string.IsNullOrEmpty(claimedUserId) && _tokens is null)
        {
            claimedUserId = headers.GetValue(UserIdHeader) ?? string.Empty;
        }

        string userId;
        if (_tokens is not null)
        {
            if (string.IsNullOrEmpty(token))
            {
                return CallerIdentity.Refused(StatusCode.Unauthenticated, "this server requires a token: send it in Hello.token or as 'authorization: Bearer <token>'");
            }

            if (!_tokens.TryValidate(token, out userId, out var error))
            {
                return CallerIdentity.Refused(StatusCode.Unauthenticated, error);
            }

            if (!string.IsNullOrEmpty(claimedUserId) && claimedUserId != userId)
            {
                return CallerIdentity.Refused(StatusCode.PermissionDenied, "the token is for '" + userId + "', not '" + claimedUserId + "'", "user_id");
            }
        }
        else
        {
            if (ChatValidation.CheckUserId(claimedUserId) is { } problem)
            {
                return string.IsNullOrEmpty(claimedUserId)
                    ? CallerIdentity.Refused(StatusCode.InvalidArgument, "user_id is required (Hello.user_id, or 'x-user-id' metadata)", "user_id")
                    : CallerIdentity.Refused(StatusCode.InvalidArgument, "user_id " + problem, "user_id");
            }

            userId = claimedUserId;
        }

        if (_allowed.Count > 0 && !_allowed.Contains(userId))
        {
            return CallerIdentity.Refused(StatusCode.PermissionDenied, "user '" + userId + "' is not allowed on this server", "user_id");
        }

        return CallerIdentity.Accepted(userId);
    }

    /// <summary>Identifies a call other than Connect from its metadata alone.</summary>
    public CallerIdentity Resolve(Metadata headers)
    {
        var identity = Resolve(string.Empty, string.Empty, headers);
        return identity.Refusal?.StatusCode == StatusCode.InvalidArgument && string.IsNullOrEmpty(headers.GetValue(UserIdHeader))
            ? CallerIdentity.Refused(StatusCode.Unauthenticated, "send 'x-user-id: <user>' metadata (or 'authorization: Bearer <token>' when the server uses tokens)")
            : identity;
    }

    private static string BearerToken(Metadata headers)
    {
        var value = headers.GetValue(AuthorizationHeader);
        return value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? value[BearerPrefix.Length..].Trim()
            : string.Empty;
    }
}
