namespace OrleansChat.Runtime;

/// <summary>A grain timer; dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period; the next tick is <paramref name="dueTime"/> from now.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
