namespace OrleansChat.Runtime.Observers;

/// <summary>Implemented by observer reference proxies made by <c>IGrainFactory.CreateObjectReference</c>.</summary>
internal interface IObserverReference
{
    /// <summary>The reference's identity (stable for its lifetime; used to route calls from other silos later).</summary>
    Guid ObserverId { get; }
}
