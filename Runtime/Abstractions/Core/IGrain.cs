namespace OrleansChat.Runtime;

/// <summary>
/// Marker for grain interfaces. Every method of a grain interface returns <see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>, and its
/// parameters and result are protobuf messages or simple values, because calls may cross silos.
/// </summary>
public interface IGrain
{
}
