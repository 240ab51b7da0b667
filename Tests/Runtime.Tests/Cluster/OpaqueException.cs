namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>An exception that cannot be rebuilt from a message (no string constructor): it crosses silos as GrainCallException.</summary>
public sealed class OpaqueException(int code) : Exception("opaque failure " + code)
{
    public int Code { get; } = code;
}
