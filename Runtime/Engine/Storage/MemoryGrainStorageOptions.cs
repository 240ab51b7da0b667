namespace OrleansChat.Runtime.Storage;

/// <summary>Options of an in-memory grain storage (tests and development; nothing survives the process).</summary>
public sealed class MemoryGrainStorageOptions
{
    /// <summary>The most records kept; writes creating a record beyond fail. Default 1 000 000.</summary>
    public int MaxRecords { get; set; } = 1_000_000;
}
