namespace OrleansChat.Grpc;

/// <summary>Thrown by calls that end with a non-OK status; thrown by handlers to end a call with one.</summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    public RpcException(Status status, string message)
        : this(status, new Metadata(), message)
    {
    }

    public RpcException(Status status, Metadata trailers, string? message = null, Exception? innerException = null)
        : base(message ?? status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    public Metadata Trailers { get; }
}
