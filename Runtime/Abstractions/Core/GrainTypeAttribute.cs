namespace OrleansChat.Runtime;

/// <summary>
/// Names the grain type of a grain class. Without it the name is the class name, lower-cased,
/// without a "Grain" suffix (<c>RoomGrain</c> → <c>room</c>), as in Orleans. The name is part of
/// the storage key of persistent state, so keep it stable.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public GrainTypeAttribute(string grainType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grainType);
        GrainType = grainType;
    }

    /// <summary>The grain type name.</summary>
    public string GrainType { get; }
}
