namespace OrleansChat.Grpc;

[Flags]
public enum WriteFlags
{
    None = 0,
    BufferHint = 1,
    /// <summary>Send this message uncompressed even if the call compresses.</summary>
    NoCompress = 2,
}

public sealed record WriteOptions(WriteFlags Flags = WriteFlags.None)
{
    public static readonly WriteOptions Default = new();
}
