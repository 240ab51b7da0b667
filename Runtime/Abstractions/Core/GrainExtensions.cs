namespace OrleansChat.Runtime;

/// <summary>Helpers on grains and grain references, as in Orleans.</summary>
public static class GrainExtensions
{
    /// <summary>The identity of a grain or of a grain reference returned by <see cref="IGrainFactory.GetGrain{TGrainInterface}"/>.</summary>
    public static GrainId GetGrainId(this IGrain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain switch
        {
            IGrainReference reference => reference.GrainId,
            Grain activation => activation.GrainId,
            _ => throw new ArgumentException(
                "Object of type " + grain.GetType().FullName + " is neither a grain nor a grain reference.", nameof(grain)),
        };
    }

    /// <summary>The key of a grain (<c>this.GetPrimaryKeyString()</c> inside it) or of a grain reference.</summary>
    public static string GetPrimaryKeyString(this IGrain grain) => grain.GetGrainId().Key;
}
