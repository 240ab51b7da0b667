namespace OrleansChat.Runtime.Streams;

/// <summary>A cluster stream was used with an item type other than the one it carries.</summary>
internal sealed class StreamItemTypeMismatchException(string message) : InvalidOperationException(message);
