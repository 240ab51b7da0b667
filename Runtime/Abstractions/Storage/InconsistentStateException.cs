namespace OrleansChat.Runtime;

/// <summary>
/// A write or clear carried an etag that no longer matches storage: another activation (or a
/// previous life of this one) wrote the state since it was read.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception with a message naming the grain, the state and both etags.</summary>
    public InconsistentStateException(GrainId grainId, string stateName, string? expectedEtag, string? storedEtag)
        : base(FormatMessage(grainId, stateName, expectedEtag, storedEtag))
    {
        GrainId = grainId;
        StateName = stateName;
        ExpectedEtag = expectedEtag;
        StoredEtag = storedEtag;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The grain whose state was written.</summary>
    public GrainId GrainId { get; }

    /// <summary>The state's name.</summary>
    public string? StateName { get; }

    /// <summary>The etag the writer held (null: it expected no record).</summary>
    public string? ExpectedEtag { get; }

    /// <summary>The etag found in storage (null: no record).</summary>
    public string? StoredEtag { get; }

    private static string FormatMessage(GrainId grainId, string stateName, string? expected, string? stored) =>
        "Inconsistent state for grain " + grainId + " state '" + stateName + "': expected etag "
        + Describe(expected) + " but storage has " + Describe(stored)
        + ". Another writer changed it; re-read the state and retry.";

    private static string Describe(string? etag) => etag is null ? "<no record>" : "'" + etag + "'";
}
