using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Scheduling;

/// <summary>The activation whose turn is running on the current logical flow, if any.</summary>
internal static class RuntimeContext
{
    private static readonly AsyncLocal<ActivationData?> CurrentActivation = new();

    public static ActivationData? Current
    {
        get => CurrentActivation.Value;
        set => CurrentActivation.Value = value;
    }
}
