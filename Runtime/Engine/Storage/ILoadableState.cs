namespace OrleansChat.Runtime.Storage;

/// <summary>The untyped face of a persistent state, so an activation can load all of them before OnActivateAsync.</summary>
internal interface ILoadableState
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
