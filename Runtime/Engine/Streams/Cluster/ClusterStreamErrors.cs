using System.Globalization;
using Grpc.Core;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Maps stream failures to statuses on the owner (with the <see cref="ClusterStreamMethods.ErrorTrailer"/>) and back
/// to the exceptions a local stream would throw on the caller, so callers see the same errors wherever the owner is.
/// </summary>
internal static class ClusterStreamErrors
{
    /// <summary>What the caller should do about a failed call to an owner.</summary>
    public enum Disposition
    {
        /// <summary>Throw the mapped exception.</summary>
        Fail,

        /// <summary>The silo does not own the stream or is stopping: refresh the view and ask the owner found then.</summary>
        Redirect,

        /// <summary>The silo could not be reached: report it to membership, refresh the view and try the owner found then.</summary>
        Unreachable,
    }

    public static RpcException NotOwner(StreamId streamId, SiloAddress owner) =>
        Rejected(StatusCode.FailedPrecondition, ClusterStreamMethods.NotOwner, "This silo does not own stream " + streamId + "; its owner is " + owner + ".");

    public static RpcException Stopping(StreamId streamId) =>
        Rejected(StatusCode.Unavailable, ClusterStreamMethods.Stopping, "This silo is shutting down and no longer serves stream " + streamId + ".");

    public static RpcException InvalidRequest(string detail) =>
        Rejected(StatusCode.InvalidArgument, ClusterStreamMethods.InvalidRequest, detail);

    /// <summary>The status for an exception thrown while serving a call on the owner.</summary>
    public static RpcException ToRpcException(Exception exception) => exception switch
    {
        RpcException rpc => rpc,
        StreamRewindUnavailableException rewind => RewindUnavailable(rewind),
        StreamItemTypeMismatchException mismatch => Rejected(StatusCode.InvalidArgument, ClusterStreamMethods.ItemTypeMismatch, mismatch.Message),
        ArgumentException argument => Rejected(StatusCode.InvalidArgument, ClusterStreamMethods.InvalidToken, argument.Message),
        InvalidOperationException limit => Rejected(StatusCode.ResourceExhausted, ClusterStreamMethods.Limit, limit.Message),
        _ => new RpcException(new Status(StatusCode.Unknown, "The owner failed to serve the stream call.", exception)),
    };

    /// <summary>Whether a failed call to <paramref name="owner"/> should be redirected, and otherwise the exception to throw.</summary>
    public static Disposition Classify(RpcException exception)
    {
        var reason = exception.Trailers.GetValue(ClusterStreamMethods.ErrorTrailer);
        return exception.StatusCode switch
        {
            StatusCode.FailedPrecondition when reason == ClusterStreamMethods.NotOwner => Disposition.Redirect,
            StatusCode.Unavailable when reason == ClusterStreamMethods.Stopping => Disposition.Redirect,
            StatusCode.Unavailable => Disposition.Unreachable,
            _ => Disposition.Fail,
        };
    }

    /// <summary>The exception a caller throws for a failed call to the owner of <paramref name="streamId"/>.</summary>
    public static Exception FromRpcException(RpcException exception, StreamId streamId, SiloAddress owner, StreamSequenceToken? requested, CancellationToken cancellationToken)
    {
        var reason = exception.Trailers.GetValue(ClusterStreamMethods.ErrorTrailer);
        return exception.StatusCode switch
        {
            StatusCode.OutOfRange when reason == ClusterStreamMethods.RewindUnavailable && requested is not null =>
                new StreamRewindUnavailableException(streamId, requested, ReadToken(exception.Trailers, ClusterStreamMethods.OldestTokenTrailer), ReadToken(exception.Trailers, ClusterStreamMethods.NewestTokenTrailer)),
            StatusCode.InvalidArgument when reason == ClusterStreamMethods.InvalidToken => new ArgumentException(exception.Status.Detail, "token", exception),
            StatusCode.InvalidArgument or StatusCode.ResourceExhausted => new InvalidOperationException(exception.Status.Detail, exception),
            StatusCode.Cancelled when cancellationToken.IsCancellationRequested => new OperationCanceledException(cancellationToken),
            StatusCode.DeadlineExceeded => new TimeoutException("Stream " + streamId + ": its owner " + owner + " did not answer in time.", exception),
            StatusCode.Unavailable or StatusCode.FailedPrecondition => OwnerUnavailable(streamId, owner, exception),
            _ => new InvalidOperationException("Stream " + streamId + ": the call to its owner " + owner + " failed: " + exception.Status.Detail, exception),
        };
    }

    public static SiloUnavailableException OwnerUnavailable(StreamId streamId, SiloAddress owner, Exception? inner) =>
        inner is null
            ? new SiloUnavailableException("Stream " + streamId + ": its owner " + owner + " cannot be reached or does not own it; retry once membership has settled.")
            : new SiloUnavailableException("Stream " + streamId + ": its owner " + owner + " cannot be reached or does not own it; retry once membership has settled. " + inner.Message, inner);

    private static RpcException RewindUnavailable(StreamRewindUnavailableException rewind)
    {
        var trailers = new Metadata { { ClusterStreamMethods.ErrorTrailer, ClusterStreamMethods.RewindUnavailable } };
        if (rewind.OldestAvailableToken is { } oldest)
        {
            trailers.Add(ClusterStreamMethods.OldestTokenTrailer, oldest.SequenceNumber.ToString(CultureInfo.InvariantCulture));
        }

        if (rewind.NewestToken is { } newest)
        {
            trailers.Add(ClusterStreamMethods.NewestTokenTrailer, newest.SequenceNumber.ToString(CultureInfo.InvariantCulture));
        }

        return new RpcException(new Status(StatusCode.OutOfRange, rewind.Message), trailers);
    }

    private static RpcException Rejected(StatusCode code, string reason, string detail) =>
        new(new Status(code, detail), new Metadata { { ClusterStreamMethods.ErrorTrailer, reason } });

    private static StreamSequenceToken? ReadToken(Metadata trailers, string key) =>
        long.TryParse(trailers.GetValue(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? new StreamSequenceToken(value) : null;
}
