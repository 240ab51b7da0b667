namespace OrleansChat.Runtime;

/// <summary>
/// Marker for observer interfaces: objects outside grains (e.g. a gateway's client session) that grains
/// call back. Turn an object into a reference with <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>.
/// Methods follow the grain interface rules (Task/ValueTask results, protobuf messages or simple values).
/// </summary>
public interface IGrainObserver
{
}
