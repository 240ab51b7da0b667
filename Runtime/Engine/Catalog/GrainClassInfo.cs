using Microsoft.Extensions.DependencyInjection;

namespace OrleansChat.Runtime.Catalog;

/// <summary>A registered grain class: its grain type name, interfaces, persistent states and constructor factory.</summary>
internal sealed class GrainClassInfo(Type classType, string grainType, IReadOnlyList<Type> interfaces, IReadOnlyList<PersistentStateParameter> states, ObjectFactory factory)
{
    public Type ClassType { get; } = classType;

    public string GrainType { get; } = grainType;

    public IReadOnlyList<Type> Interfaces { get; } = interfaces;

    public IReadOnlyList<PersistentStateParameter> States { get; } = states;

    /// <summary>Constructs the grain: states are passed in, every other constructor parameter comes from <paramref name="services"/>.</summary>
    public Grain Create(IServiceProvider services, object[] states) => (Grain)factory(services, states);
}
