using System.Reflection;
using Google.Protobuf;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Catalog;

/// <summary>A grain constructor parameter marked <see cref="PersistentStateAttribute"/>, and how to make its state.</summary>
internal sealed class PersistentStateParameter
{
    private readonly Func<GrainId, string, IGrainStorage, object> _create;

    public PersistentStateParameter(ParameterInfo parameter, PersistentStateAttribute attribute, Type stateType)
    {
        ParameterName = parameter.Name ?? "state";
        ParameterType = parameter.ParameterType;
        StateName = attribute.StateName;
        StorageName = attribute.StorageName;
        _create = typeof(PersistentStateParameter).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(stateType)
            .CreateDelegate<Func<GrainId, string, IGrainStorage, object>>();
    }

    public string ParameterName { get; }

    public Type ParameterType { get; }

    public string StateName { get; }

    public string StorageName { get; }

    /// <summary>Creates the state object (not yet loaded).</summary>
    public object Create(GrainId grainId, IGrainStorage storage) => _create(grainId, StateName, storage);

    private static object CreateState<TState>(GrainId grainId, string stateName, IGrainStorage storage)
        where TState : class, IMessage<TState>, new() => new PersistentState<TState>(grainId, stateName, storage);
}
