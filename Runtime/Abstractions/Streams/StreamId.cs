namespace OrleansChat.Runtime.Streams;

/// <summary>The identity of a stream: a namespace and a key, e.g. <c>rooms/general</c>.</summary>
/// <param name="Namespace">The stream namespace, e.g. "rooms".</param>
/// <param name="Key">The key within the namespace, e.g. the room id.</param>
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <summary>Creates a stream id, validating both parts.</summary>
    public static StreamId Create(string streamNamespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamNamespace);
        ArgumentNullException.ThrowIfNull(key);
        return new StreamId(streamNamespace, key);
    }

    /// <summary>Returns <c>namespace/key</c>.</summary>
    public override string ToString() => Namespace + "/" + Key;
}
