using System.Reflection;

namespace OrleansChat.Runtime.Configuration;

/// <summary>The grain classes a silo hosts; filled by <c>AddGrains</c>.</summary>
public sealed class GrainTypeOptions
{
    /// <summary>Assemblies whose grain classes are hosted; their grain and observer interfaces are validated at start-up.</summary>
    public IList<Assembly> Assemblies { get; } = [];

    /// <summary>Individual grain classes hosted.</summary>
    public IList<Type> GrainClasses { get; } = [];
}
