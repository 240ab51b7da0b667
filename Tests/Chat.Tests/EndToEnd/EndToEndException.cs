namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A scenario step that did not happen, with what the processes involved printed.</summary>
public sealed class EndToEndException(string message) : Exception(message);
