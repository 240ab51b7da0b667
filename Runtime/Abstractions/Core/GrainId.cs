namespace OrleansChat.Runtime;

/// <summary>
/// The identity of a grain: its grain type (e.g. "room") and its key (e.g. "general").
/// A grain always exists logically; the identity says nothing about where it is activated.
/// </summary>
/// <param name="Type">The grain type name, see <see cref="GrainTypeAttribute"/>.</param>
/// <param name="Key">The primary key.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Returns <c>type/key</c>.</summary>
    public override string ToString() => Type + "/" + Key;
}
