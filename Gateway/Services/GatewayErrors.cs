using System.Diagnostics.CodeAnalysis;
using OrleansChat.Grains;
using Grpc.Core;
using OrleansChat.Runtime;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// Maps refusals to gRPC statuses at the edge. A status about one field starts its message with the field's
/// name and carries it in the <c>error-field</c> trailer (on Connect, in <c>Error.field</c>).
/// </summary>
internal static class GatewayErrors
{
    public const string FieldTrailer = "error-field";

    public static RpcException Create(StatusCode code, string message, string field = "")
    {
        var trailers = new Metadata();
        if (field.Length > 0)
        {
            trailers.Add(FieldTrailer, field);
        }

        return new RpcException(new Status(code, message), trailers);
    }

    [DoesNotReturn]
    public static void ThrowInvalidArgument(string field, string problem) =>
        throw Create(StatusCode.InvalidArgument, field + " " + problem, field);

    [DoesNotReturn]
    public static void ThrowRoomNotFound(string roomId) =>
        throw Create(StatusCode.NotFound, "room '" + roomId + "' does not exist", "room_id");

    [DoesNotReturn]
    public static void ThrowNotMember(string roomId) =>
        throw Create(StatusCode.FailedPrecondition, "join room '" + roomId + "' before sending to it", "room_id");

    /// <summary>The status for a refusal from a room grain.</summary>
    public static StatusCode ToStatusCode(RoomError error) => error switch
    {
        RoomError.NotMember => StatusCode.FailedPrecondition,
        RoomError.NotFound => StatusCode.NotFound,
        RoomError.InvalidArgument => StatusCode.InvalidArgument,
        RoomError.Full => StatusCode.ResourceExhausted,
        _ => StatusCode.Unknown,
    };

    /// <summary>A sentence for a refusal from a room grain.</summary>
    public static string Describe(RoomError error, string roomId, string field = "") => error switch
    {
        RoomError.NotMember => "not a member of room '" + roomId + "'",
        RoomError.NotFound => "room '" + roomId + "' does not exist",
        RoomError.InvalidArgument => (field.Length > 0 ? field : "the request") + " is not valid",
        RoomError.Full => "room '" + roomId + "' is full",
        _ => "room '" + roomId + "' refused the request",
    };

    /// <summary>
    /// The status for a grain call that failed in the runtime, or null for an unexpected failure (which the
    /// gRPC layer reports as UNKNOWN without details).
    /// </summary>
    public static Status? FromGrainFailure(Exception exception) => exception switch
    {
        SiloUnavailableException => new Status(StatusCode.Unavailable, "the chat service is unavailable; try again"),
        GrainOverloadedException => new Status(StatusCode.ResourceExhausted, "the chat service is overloaded; try again"),
        TimeoutException => new Status(StatusCode.Unavailable, "the chat service did not answer in time; try again"),
        _ => null,
    };
}
