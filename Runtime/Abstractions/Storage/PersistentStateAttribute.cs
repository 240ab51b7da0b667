namespace OrleansChat.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>:
/// <c>[PersistentState("room", "Default")] IPersistentState&lt;RoomState&gt; state</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>The name of the storage provider used when none is given.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>Creates the attribute.</summary>
    /// <param name="stateName">The state's name, unique within the grain; part of the storage key.</param>
    /// <param name="storageName">The storage provider's registered name; "Default" when null.</param>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        StateName = stateName;
        StorageName = storageName ?? DefaultStorageName;
    }

    /// <summary>The state's name.</summary>
    public string StateName { get; }

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; }
}
